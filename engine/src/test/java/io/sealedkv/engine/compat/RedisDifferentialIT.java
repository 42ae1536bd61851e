package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealedkv.engine.testing.ServerExtension;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the same commands against SealedKV and Debian's redis-server (7.0, installed by CI) and
 * requires byte-identical replies: values, integers, nulls and every error text. The commands are in
 * {@code differential/commands.txt}; only deterministic replies belong there.
 */
class RedisDifferentialIT {
    @RegisterExtension
    static final ServerExtension sealedkv = new ServerExtension();
    private static Process redis;
    private static int redisPort;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
        try (ServerSocket free = new ServerSocket(0)) {
            redisPort = free.getLocalPort();
        }
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void repliesAreByteForByteThoseOfRedis() throws IOException {
        List<String> differences = new ArrayList<>();
        try (Connection reference = new Connection(redisPort); Connection ours = new Connection(sealedkv.port())) {
            for (String line : commands()) {
                List<String> args = Words.split(line);
                String expected = reference.call(args);
                String actual = ours.call(args);
                if (!expected.equals(actual)) {
                    differences.add(line + "\n    redis:    " + printable(expected) + "\n    sealedkv: " + printable(actual));
                }
            }
        }
        assertThat(differences).as("commands answered differently").isEmpty();
    }

    private static List<String> commands() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                RedisDifferentialIT.class.getResourceAsStream("/differential/commands.txt"))) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static String printable(String reply) {
        return reply.replace("\r\n", "\\r\\n");
    }

    /** One connection that sends a command as a multibulk request and reads one complete reply. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        String call(List<String> args) throws IOException {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(request.toByteArray());
            out.flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            readReply(reply);
            return reply.toString(StandardCharsets.ISO_8859_1);
        }

        private void readReply(ByteArrayOutputStream reply) throws IOException {
            String line = readLine();
            reply.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            char type = line.charAt(0);
            int length = type == '$' || type == '*' || type == '%' || type == '~' || type == '='
                    ? Integer.parseInt(line.substring(1)) : 0;
            if ((type == '$' || type == '=') && length >= 0) {
                reply.writeBytes(in.readNBytes(length + 2));
            } else if (type == '*' || type == '~' || type == '%') {
                for (int i = 0; i < (type == '%' ? 2 * length : length); i++) {
                    readReply(reply);
                }
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
