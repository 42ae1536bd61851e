package io.sealedkv.engine.compat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads exactly one RESP2 or RESP3 reply, keeping its bytes: just enough parsing to know where a
 * reply ends and to normalise the few replies that legitimately differ.
 */
final class RespReader {
    private final InputStream in;

    RespReader(InputStream in) {
        this.in = in;
    }

    RespReply read() throws IOException {
        return read(new ByteArrayOutputStream());
    }

    private RespReply read(ByteArrayOutputStream raw) throws IOException {
        int start = raw.size();
        char type = (char) next(raw);
        String header = line(raw);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> {
                return scalar(raw, start, type, header.getBytes(StandardCharsets.ISO_8859_1));
            }
            case '$', '!', '=' -> {
                long length = Long.parseLong(header);
                if (length < 0) {
                    return scalar(raw, start, type, null);
                }
                byte[] payload = exactly(raw, (int) length);
                expectCrlf(raw);
                return scalar(raw, start, type, payload);
            }
            case '*', '~', '>' -> {
                return aggregate(raw, start, type, Long.parseLong(header));
            }
            case '%', '|' -> {
                return aggregate(raw, start, type, 2 * Long.parseLong(header));
            }
            default -> throw new IOException("not a RESP type byte: " + Escape.text(new byte[] {(byte) type}));
        }
    }

    private RespReply aggregate(ByteArrayOutputStream raw, int start, char type, long count) throws IOException {
        if (count < 0) {
            return scalar(raw, start, type, null);
        }
        List<RespReply> elements = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            elements.add(read(raw));
        }
        return new RespReply(slice(raw, start), type, null, elements);
    }

    private static RespReply scalar(ByteArrayOutputStream raw, int start, char type, byte[] payload) {
        return new RespReply(slice(raw, start), type, payload, null);
    }

    private static byte[] slice(ByteArrayOutputStream raw, int start) {
        byte[] all = raw.toByteArray();
        return Arrays.copyOfRange(all, start, all.length);
    }

    private String line(ByteArrayOutputStream raw) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = next(raw);
            if (b == '\r') {
                if (next(raw) != '\n') {
                    throw new IOException("CR without LF in a reply line");
                }
                return text.toString();
            }
            text.append((char) b);
        }
    }

    private byte[] exactly(ByteArrayOutputStream raw, int length) throws IOException {
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a reply");
        }
        raw.write(payload);
        return payload;
    }

    private void expectCrlf(ByteArrayOutputStream raw) throws IOException {
        if (next(raw) != '\r' || next(raw) != '\n') {
            throw new IOException("bulk payload not followed by CRLF");
        }
    }

    private int next(ByteArrayOutputStream raw) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a reply");
        }
        raw.write(b);
        return b;
    }
}
