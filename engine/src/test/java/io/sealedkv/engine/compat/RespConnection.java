package io.sealedkv.engine.compat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A raw socket that sends commands as RESP multibulks and reads one reply per command. */
final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final RespReader reader;

    RespConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = new RespReader(new BufferedInputStream(socket.getInputStream()));
    }

    RespReply call(List<byte[]> args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(arg);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return reader.read();
    }

    /** Reads the next reply or push without sending anything (a subscriber's messages). */
    RespReply read() throws IOException {
        return reader.read();
    }

    RespReply call(String... args) throws IOException {
        return call(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.US_ASCII)).toList());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
