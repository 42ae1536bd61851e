package io.sealedkv.engine.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A socket that reads one RESP2 reply at a time, as raw text: for comparing replies byte for byte. */
final class RawReplyConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawReplyConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String reply() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        readReply(text);
        return text.toString(StandardCharsets.UTF_8);
    }

    private void readReply(ByteArrayOutputStream text) throws IOException {
        String line = readLine(text);
        char type = line.charAt(0);
        if (type == '$' || type == '*' || type == '>' || type == '%') {
            int n = Integer.parseInt(line.substring(1));
            if (type == '$' && n >= 0) {
                text.write(in.readNBytes(n + 2));
            } else {
                for (int i = 0; i < (type == '%' ? 2 * n : n); i++) {
                    readReply(text);
                }
            }
        }
    }

    private String readLine(ByteArrayOutputStream text) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed before a whole reply");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        text.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return line.toString();
    }

    /** Sends {@code script} in one packet, or each command after the reply to the one before; the replies. */
    List<String> replies(List<List<String>> script, boolean onePacket) throws IOException {
        List<String> replies = new ArrayList<>();
        if (onePacket) {
            send(resp(script));
        }
        for (List<String> command : script) {
            if (!onePacket) {
                send(resp(List.of(command)));
            }
            replies.add(reply());
        }
        return replies;
    }

    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The RESP2 arrays of {@code commands}, one after the other. */
    static byte[] resp(List<List<String>> commands) {
        StringBuilder out = new StringBuilder();
        for (List<String> command : commands) {
            out.append('*').append(command.size()).append("\r\n");
            for (String arg : command) {
                out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
