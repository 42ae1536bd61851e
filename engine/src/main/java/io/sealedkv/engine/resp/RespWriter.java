package io.sealedkv.engine.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes replies for one connection in the protocol it negotiated (RESP2 by default, RESP3 after
 * {@code HELLO 3}). Aggregate and null types degrade in RESP2 exactly as Redis degrades them: maps become
 * flat arrays, sets arrays, verbatim strings bulk strings, nulls {@code $-1}.
 * When muted ({@code CLIENT REPLY OFF/SKIP}) every reply is dropped.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private ByteBuf out;
    private int protocol = 2;
    private boolean muted;

    /** Directs the following replies into {@code buffer}. */
    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public void muted(boolean muted) {
        this.muted = muted;
    }

    public void ok() {
        if (!muted) {
            out.writeBytes(OK);
        }
    }

    public void simple(String text) {
        if (!muted) {
            out.writeByte('+');
            writeAscii(text);
            out.writeBytes(CRLF);
        }
    }

    /** An error reply; {@code message} starts with its code, e.g. {@code ERR syntax error}. */
    public void error(String message) {
        error(message.getBytes(StandardCharsets.UTF_8));
    }

    /** An error line of raw bytes (Redis quotes client bytes in some errors as they are). */
    public void error(byte[] message) {
        if (!muted) {
            out.writeByte('-');
            for (byte b : message) {
                out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            }
            out.writeBytes(CRLF);
        }
    }

    /** An array of status lines, as HELP subcommands reply. */
    public void lines(List<String> lines) {
        array(lines.size());
        lines.forEach(this::simple);
    }

    public void integer(long value) {
        if (!muted) {
            out.writeByte(':');
            writeDecimal(value);
            out.writeBytes(CRLF);
        }
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    public void bulk(byte[] value, int offset, int length) {
        if (!muted) {
            out.writeByte('$');
            writeDecimal(length);
            out.writeBytes(CRLF);
            out.writeBytes(value, offset, length);
            out.writeBytes(CRLF);
        }
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    public void bulk(long value) {
        bulk(Long.toString(value));
    }

    /** A bulk string or null. */
    public void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    public void nullBulk() {
        if (!muted) {
            out.writeBytes(resp3() ? NULL3 : NULL_BULK);
        }
    }

    public void array(int length) {
        header('*', length);
    }

    /** A map of {@code pairs} entries: RESP3 {@code %}, RESP2 a flat array of twice the length. */
    public void map(int pairs) {
        if (resp3()) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    public void set(int length) {
        header(resp3() ? '~' : '*', length);
    }

    /** Free text such as INFO or CLIENT LIST: a verbatim string in RESP3, a bulk string in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!resp3()) {
            bulk(bytes);
        } else if (!muted) {
            out.writeByte('=');
            writeDecimal(bytes.length + 4);
            out.writeBytes(CRLF);
            writeAscii("txt:");
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        }
    }

    private void header(char type, long length) {
        if (!muted) {
            out.writeByte(type);
            writeDecimal(length);
            out.writeBytes(CRLF);
        }
    }

    private void writeAscii(String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }

    private void writeDecimal(long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
        } else {
            writeAscii(Long.toString(value));
        }
    }
}
