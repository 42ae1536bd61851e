package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.sealedkv.engine.testing.TestCertificates;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.params.ClientKillParams;

/**
 * What a client sees of connection handling is the same on every transport {@code io-transport} names: io_uring
 * completes reads, writes and closes asynchronously where epoll and NIO do them in the call.
 */
class TransportSemanticsIT {
    private static TestServer start(Transport transport, String... directives) {
        assumeThat(transport.unavailabilityCause()).as("%s here", transport).isNull();
        String[] all = Arrays.copyOf(directives, directives.length + 1);
        all[directives.length] = "io-transport " + transport.configName();
        return TestServer.start(all);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void quitAfterAPipelineAnswersAllBeforeItThenCloses(Transport transport) throws IOException {
        try (TestServer server = start(transport); Conn conn = new Conn(server.port())) {
            StringBuilder pipeline = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 2000; i++) {
                pipeline.append("INCR c\r\n");
                expected.append(':').append(i).append("\r\n");
            }
            pipeline.append("QUIT\r\nINCR c\r\n");
            expected.append("+OK\r\n");
            conn.send(pipeline.toString());
            conn.expectRepliesThenClose(expected.toString(), 10_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aProtocolErrorMidPipelineAnswersWhatCameBeforeThenTheErrorThenCloses(Transport transport) throws IOException {
        try (TestServer server = start(transport); Conn conn = new Conn(server.port())) {
            StringBuilder pipeline = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                pipeline.append("*1\r\n$4\r\nPING\r\n");
                expected.append("+PONG\r\n");
            }
            pipeline.append("*1\r\n$x\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
            expected.append("-ERR Protocol error: invalid bulk length\r\n");
            conn.send(pipeline.toString());
            conn.expectRepliesThenClose(expected.toString(), 10_000);
        }
    }

    /** Redis answers what it read before the client's FIN (its replies fit the socket buffer), then closes. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aHalfClosedClientGetsTheRepliesToWhatItSent(Transport transport) throws IOException {
        try (TestServer server = start(transport); Conn conn = new Conn(server.port())) {
            StringBuilder pipeline = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 500; i++) {
                pipeline.append("INCR c\r\n");
                expected.append(':').append(i).append("\r\n");
            }
            conn.send(pipeline.toString());
            conn.socket.shutdownOutput();
            conn.expectRepliesThenClose(expected.toString(), 10_000);
        }
    }

    /** Each command of a half-closed client's last send, one at a time: the FIN comes right behind it. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSingleCommandThenFinIsAnswered(Transport transport) throws IOException {
        try (TestServer server = start(transport)) {
            for (int i = 0; i < 200; i++) {
                try (Conn conn = new Conn(server.port())) {
                    conn.send("SET k" + i + " v\r\nGET k" + i + "\r\n");
                    conn.socket.shutdownOutput();
                    Answer answer = conn.readUntilClosed(5_000);
                    assertThat(answer.text()).as("try %d", i).isEqualTo("+OK\r\n$1\r\nv\r\n");
                    assertThat(answer.closed()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void timeoutClosesAnIdleClient(Transport transport) throws IOException {
        try (TestServer server = start(transport, "timeout 1"); Conn conn = new Conn(server.port())) {
            conn.send("PING\r\n");
            assertThat(conn.readExactly(7)).isEqualTo("+PONG\r\n");
            conn.expectRepliesThenClose("", 6_000);
            Eventually.clients(server, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void maxclientsRefusesTheNextClientWithTheError(Transport transport) throws IOException {
        try (TestServer server = start(transport, "maxclients 2");
             Conn first = new Conn(server.port()); Conn second = new Conn(server.port())) {
            first.send("PING\r\n");
            second.send("PING\r\n");
            assertThat(first.readExactly(7)).isEqualTo("+PONG\r\n");
            assertThat(second.readExactly(7)).isEqualTo("+PONG\r\n");
            for (int i = 0; i < 20; i++) {
                try (Conn third = new Conn(server.port())) {
                    third.expectRepliesThenClose("-ERR max number of clients reached\r\n", 5_000);
                }
            }
            Eventually.clients(server, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void blpopWokenByAnotherClientThenTheQueuedRequestsRun(Transport transport) throws Exception {
        try (TestServer server = start(transport); Conn blocked = new Conn(server.port());
             Jedis pusher = server.jedis()) {
            StringBuilder pipeline = new StringBuilder("BLPOP q 0\r\n");
            StringBuilder expected = new StringBuilder("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
            for (int i = 1; i <= 3000; i++) {
                pipeline.append("INCR c\r\n");
                expected.append(':').append(i).append("\r\n");
            }
            blocked.send(pipeline.toString());
            Eventually.blockedClients(pusher, 1);
            assertThat(pusher.rpush("q", "x")).isEqualTo(1L);
            assertThat(blocked.readExactly(expected.length())).isEqualTo(expected.toString());
        }
    }

    /** While paused, writes wait and every request behind them too, more than the 1024 queued that stop reading. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientPauseWriteHoldsAPipelineUntilItEnds(Transport transport) throws Exception {
        try (TestServer server = start(transport); Conn writer = new Conn(server.port());
             Jedis admin = server.jedis()) {
            admin.set("k", "before");
            assertThat(admin.clientPause(1500, ClientPauseMode.WRITE)).isEqualTo("OK");
            StringBuilder pipeline = new StringBuilder("GET k\r\n");
            StringBuilder expected = new StringBuilder("$6\r\nbefore\r\n");
            for (int i = 1; i <= 5000; i++) {
                pipeline.append("INCR c\r\nGET k\r\n");
                expected.append(':').append(i).append("\r\n$6\r\nbefore\r\n");
            }
            writer.send(pipeline.toString());
            assertThat(writer.readExactly(12)).isEqualTo("$6\r\nbefore\r\n");
            Answer meanwhile = writer.readFor(500);
            assertThat(meanwhile.text()).as("nothing while paused").isEmpty();
            assertThat(writer.readExactly(expected.length() - 12)).isEqualTo(expected.substring(12));
            assertThat(admin.get("c")).isEqualTo("5000");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientKilledMidPipelineIsGoneAndTheServerServesOthers(Transport transport) throws Exception {
        try (TestServer server = start(transport); Jedis admin = server.jedis()) {
            Conn victim = new Conn(server.port());
            victim.send("CLIENT ID\r\n");
            String idLine = victim.readLine();
            long id = Long.parseLong(idLine.substring(1));
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                pipeline.append("INCR c\r\n");
            }
            byte[] bytes = pipeline.toString().getBytes(StandardCharsets.US_ASCII);
            Thread sender = new Thread(() -> {
                try {
                    for (int round = 0; round < 50; round++) {
                        victim.socket.getOutputStream().write(bytes);
                    }
                } catch (IOException expected) {
                    // killed
                }
            });
            sender.start();
            Thread.sleep(200);
            assertThat(admin.clientKill(new ClientKillParams().id(String.valueOf(id))))
                    .isEqualTo(1L);
            sender.join(20_000);
            assertThat(sender.isAlive()).isFalse();
            Eventually.clients(server, 1);
            String after = admin.get("c");
            assertThat(admin.get("c")).as("nothing runs after the kill").isEqualTo(after);
            victim.close();
        }
    }

    /** A client that sends and does not read: the normal class's hard limit disconnects it. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSlowReaderHitsTheOutputBufferLimit(Transport transport) throws Exception {
        try (TestServer server = start(transport, "client-output-buffer-limit normal 1mb 0 0");
             Jedis admin = server.jedis(); Conn reader = new Conn(server.port())) {
            admin.set("big", "x".repeat(100_000));
            reader.socket.setReceiveBufferSize(4096);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                pipeline.append("GET big\r\n");
            }
            reader.send(pipeline.toString());
            Eventually.clients(server, 1);
            Answer answer = reader.readUntilClosed(30_000);
            assertThat(answer.closed()).isTrue();
            assertThat(answer.text().length()).isLessThan(500 * 100_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void a64MiBValueGoesInAndComesOutWhole(Transport transport) throws IOException {
        try (TestServer server = start(transport); Conn conn = new Conn(server.port())) {
            byte[] value = new byte[64 * 1024 * 1024];
            ThreadLocalRandom.current().nextBytes(value);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*3\r\n$3\r\nSET\r\n$1\r\nv\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(value);
            request.writeBytes("\r\n*2\r\n$3\r\nGET\r\n$1\r\nv\r\n".getBytes(StandardCharsets.US_ASCII));
            conn.socket.getOutputStream().write(request.toByteArray());
            assertThat(conn.readLine()).isEqualTo("+OK");
            assertThat(conn.readLine()).isEqualTo("$" + value.length);
            byte[] got = conn.readBytes(value.length + 2);
            assertThat(Arrays.equals(got, 0, value.length, value, 0, value.length)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientReplyOffSilencesAPipeline(Transport transport) throws IOException {
        try (TestServer server = start(transport); Conn conn = new Conn(server.port())) {
            StringBuilder pipeline = new StringBuilder("CLIENT NO-EVICT on\r\nCLIENT REPLY OFF\r\n");
            for (int i = 0; i < 3000; i++) {
                pipeline.append("INCR c\r\n");
            }
            pipeline.append("CLIENT REPLY ON\r\nGET c\r\n");
            conn.send(pipeline.toString());
            assertThat(conn.readExactly(20)).isEqualTo("+OK\r\n+OK\r\n$4\r\n3000\r\n");
            assertThat(conn.readFor(300).text()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSubscriberGetsAPipelinedBurstOfMessagesInOrder(Transport transport) throws Exception {
        try (TestServer server = start(transport); Conn subscriber = new Conn(server.port());
             Conn publisher = new Conn(server.port())) {
            subscriber.send("SUBSCRIBE ch\r\n");
            assertThat(subscriber.readExactly("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".length())).contains("subscribe");
            StringBuilder pipeline = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            String payload = "p".repeat(1000);
            for (int i = 0; i < 20_000; i++) {
                String message = i + payload;
                pipeline.append("PUBLISH ch ").append(message).append("\r\n");
                expected.append("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$").append(message.length()).append("\r\n")
                        .append(message).append("\r\n");
            }
            publisher.send(pipeline.toString());
            assertThat(subscriber.readExactly(expected.length())).isEqualTo(expected.toString());
            assertThat(publisher.readExactly(20_000 * 4)).isEqualTo(":1\r\n".repeat(20_000));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void configSetPortMovesTheListener(Transport transport) throws IOException {
        try (TestServer server = start(transport); Jedis admin = server.jedis()) {
            int next = TestCertificates.freePort();
            assertThat(admin.configSet("port", String.valueOf(next))).isEqualTo("OK");
            try (Conn conn = new Conn(next)) {
                conn.send("PING\r\n");
                assertThat(conn.readExactly(7)).isEqualTo("+PONG\r\n");
            }
            assertThat(admin.ping()).isEqualTo("PONG");
        }
    }

    /**
     * close() with clients pipelining as fast as they can returns within a second or two: on io_uring a network
     * thread otherwise keeps running requests it has already received (up to 128 rounds of reads) before it
     * takes the close of their connections.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void closeWhileClientsPipelineFinishesQuickly(Transport transport) throws Exception {
        TestServer server = start(transport);
        byte[] pipeline = "SET k vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\r\nGET k\r\n".repeat(1000)
                .getBytes(StandardCharsets.US_ASCII);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Conn conn = new Conn(server.port());
            conns.add(conn);
        }
        for (Conn conn : conns) {
            daemon(() -> {
                while (true) {
                    conn.socket.getOutputStream().write(pipeline);
                }
            });
            daemon(() -> {
                byte[] sink = new byte[65536];
                while (conn.in.read(sink) >= 0) {
                    // discarded: the clients only keep the server busy
                }
            });
        }
        Thread.sleep(1500);
        long start = System.nanoTime();
        server.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (Conn conn : conns) {
            conn.close();
        }
        assertThat(millis).as("close() took %d ms", millis).isLessThan(1500);
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void daemon(Io io) {
        Thread thread = new Thread(() -> {
            try {
                io.run();
            } catch (IOException closed) {
                // the server closed the connection
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** A raw connection with exact reads. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Conn(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            in = socket.getInputStream();
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        String readExactly(int length) throws IOException {
            return new String(readBytes(length), StandardCharsets.ISO_8859_1);
        }

        byte[] readBytes(int length) throws IOException {
            socket.setSoTimeout(30_000);
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("closed after " + bytes.length + " of " + length + " bytes: "
                        + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1));
            }
            return bytes;
        }

        String readLine() throws IOException {
            socket.setSoTimeout(30_000);
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        /** Reads until the server closes (or {@code millis} pass): it must have sent exactly {@code expected} first. */
        void expectRepliesThenClose(String expected, int millis) throws IOException {
            Answer answer = read(millis);
            assertThat(answer.text()).isEqualTo(expected);
            assertThat(answer.closed()).as("closed after the replies").isTrue();
        }

        /** Everything until the server closes, or {@code millis} pass. */
        Answer readUntilClosed(int millis) throws IOException {
            return read(millis);
        }

        /** What arrives in {@code millis}. */
        Answer readFor(int millis) throws IOException {
            return read(millis);
        }

        private Answer read(int millis) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long deadline = System.currentTimeMillis() + millis;
            byte[] buffer = new byte[65536];
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return new Answer(out.toString(StandardCharsets.ISO_8859_1), false);
                }
                socket.setSoTimeout((int) left);
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return new Answer(out.toString(StandardCharsets.ISO_8859_1), true);
                    }
                    out.write(buffer, 0, n);
                } catch (SocketTimeoutException e) {
                    return new Answer(out.toString(StandardCharsets.ISO_8859_1), false);
                } catch (IOException e) {
                    return new Answer(out.toString(StandardCharsets.ISO_8859_1) + "<" + e.getMessage() + ">", true);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    record Answer(String text, boolean closed) {
    }

    /** Waits for server-side counts. */
    static final class Eventually {
        static void clients(TestServer server, int count) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.server().clients().all().size() != count && System.currentTimeMillis() < deadline) {
                sleep();
            }
            assertThat(server.server().clients().all()).hasSize(count);
        }

        static void blockedClients(Jedis jedis, int count) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!jedis.info("clients").contains("blocked_clients:" + count) && System.currentTimeMillis() < deadline) {
                sleep();
            }
            assertThat(jedis.info("clients")).contains("blocked_clients:" + count);
        }

        private static void sleep() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
