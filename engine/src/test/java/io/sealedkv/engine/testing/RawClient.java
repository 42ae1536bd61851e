package io.sealedkv.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to the server, for exact protocol bytes: what was answered and whether it closed. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(300);
    }

    public RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Everything the server sent until it closed the connection or went quiet: up to 2 s for the first
     * bytes (a loaded machine), then 300 ms after the last.
     */
    public Answer read() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        try {
            while (true) {
                socket.setSoTimeout(out.size() == 0 ? 2000 : 300);
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            closed = true;
        }
        return new Answer(out.toString(StandardCharsets.ISO_8859_1), closed);
    }

    /** Reads until {@code expectedLength} bytes arrived (or the connection closed). */
    public String readBytes(int expectedLength) throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        while (out.size() < expectedLength) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What a connection received, and whether the server closed it. */
    public record Answer(String text, boolean closed) {
    }
}
