package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Protected mode over real sockets: the server listens on 127.0.0.2 (port 0 would give each bind address its own port); a client whose
 * source address is 127.0.0.2 is not loopback for Redis (only 127.0.0.1 and ::1 are).
 */
class ProtectedModeIT {
    private static final String DENIED = "-" + ProtectedMode.DENIED + "\r\n";

    @Test
    void clientsNotFromLoopbackGetRedisDeniedTextAndAreClosed() throws IOException {
        try (TestServer server = TestServer.start("bind 127.0.0.2")) {
            assertThat(deniedUntilClosed(server.port())).isEqualTo(DENIED);
            assertThat(exchange("127.0.0.1", server.port(), "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void theDeniedTextIsRedis7sWordForWord() {
        assertThat(ProtectedMode.DENIED).startsWith("DENIED Redis is running in protected mode because protected mode "
                + "is enabled and no password is set for the default user.")
                .endsWith("in order for the server to start accepting connections from the outside.")
                .hasSize(1064);
    }

    @Test
    void aPasswordOrProtectedModeOffLetsOtherAddressesIn() throws IOException {
        try (TestServer secured = TestServer.start("bind 127.0.0.2", "requirepass s3cret");
             TestServer open = TestServer.start("bind 127.0.0.2", "protected-mode no")) {
            assertThat(exchange("127.0.0.2", secured.port(), "AUTH s3cret\r\nPING\r\n")).isEqualTo("+OK\r\n+PONG\r\n");
            assertThat(exchange("127.0.0.2", open.port(), "PING\r\n")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void configSetProtectedModeAppliesToNewConnections() throws IOException {
        try (TestServer server = TestServer.start("bind 127.0.0.2", "protected-mode no")) {
            assertThat(exchange("127.0.0.1", server.port(), "CONFIG SET protected-mode yes\r\n")).isEqualTo("+OK\r\n");
            assertThat(deniedUntilClosed(server.port())).isEqualTo(DENIED);
        }
    }

    @Test
    void onlyTheExactLoopbackAddressesCount() throws IOException {
        assertThat(ProtectedMode.isLoopback(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(ProtectedMode.isLoopback(InetAddress.getByName("::1"))).isTrue();
        assertThat(ProtectedMode.isLoopback(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(ProtectedMode.isLoopback(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(ProtectedMode.isLoopback(InetAddress.getByName("::2"))).isFalse();
    }

    /** Connects from 127.0.0.2 and reads, without sending anything, until the server closes (a socket timeout fails the test). */
    private static String deniedUntilClosed(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.2", port), 5000);
            socket.setSoTimeout(5000);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Connects from {@code source} to 127.0.0.2, sends {@code request} and reads until the server goes quiet or closes. */
    private static String exchange(String source, int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.2", port), 5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5000);
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int expectedReplies = request.split("\r\n").length;
            while (answer.length() == 0 || answer.toString().split("\r\n", -1).length <= expectedReplies) {
                int n = socket.getInputStream().read(buffer);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            return answer.toString();
        }
    }
}
