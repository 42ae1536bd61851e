package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Redis's hard limits over real sockets: each offender is answered with Redis's error (or none) and
 * closed, the closing is logged without values, and a second client keeps getting answers throughout.
 */
class HardLimitsIT {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(RequestHandler.class);

    @BeforeEach
    void captureLog() {
        log.start();
        handlerLog.addAppender(log);
        handlerLog.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLog() {
        handlerLog.detachAppender(log);
        handlerLog.setLevel(null);
    }

    @Test
    void aTwoGigabyteBulkIsRefusedBeforeAnythingIsAllocated() throws IOException {
        try (TestServer server = TestServer.start(); Jedis witness = server.jedis();
             RawClient client = new RawClient(server.port())) {
            long before = usedHeap();
            RawClient.Answer answer = client.send("*1\r\n$2147483648\r\n").read();
            assertThat(answer.text()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(answer.closed()).isTrue();
            assertThat(usedHeap() - before).as("heap grown by the announcement").isLessThan(256L << 20);
            assertThat(witness.ping()).isEqualTo("PONG");
            assertThat(logged()).anyMatch(line -> line.startsWith("Protocol error (invalid bulk length) from client: id="));
        }
    }

    @Test
    void aTenMillionElementMultibulkIsNotPreallocated() throws IOException {
        try (TestServer server = TestServer.start(); Jedis witness = server.jedis();
             RawClient client = new RawClient(server.port())) {
            long before = usedHeap();
            RawClient.Answer answer = client.send("*10000000\r\n$3\r\nGET\r\n$1\r\nk\r\n").read();
            assertThat(answer.text()).as("Redis waits for the rest").isEmpty();
            assertThat(answer.closed()).isFalse();
            assertThat(usedHeap() - before).as("heap grown by 10M announced arguments").isLessThan(40L << 20);
            assertThat(witness.ping()).isEqualTo("PONG");
        }
        try (TestServer server = TestServer.start(); RawClient client = new RawClient(server.port())) {
            RawClient.Answer answer = client.send("*2147483648\r\n").read();
            assertThat(answer.text()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
            assertThat(answer.closed()).isTrue();
        }
    }

    @Test
    void unauthenticatedClientsGetRedisSmallLimits() throws IOException {
        try (TestServer server = TestServer.start("requirepass s3cret"); Jedis witness = server.jedis()) {
            witness.auth("s3cret");
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Answer answer = client.send("*11\r\n").read();
                assertThat(answer.text()).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
                assertThat(answer.closed()).isTrue();
            }
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Answer answer = client.send("*1\r\n$16385\r\n").read();
                assertThat(answer.text()).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
                assertThat(answer.closed()).isTrue();
            }
            try (RawClient client = new RawClient(server.port())) {
                String big = "x".repeat(16385);
                RawClient.Answer answer = client.send("AUTH s3cret\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$16385\r\n" + big + "\r\n")
                        .read();
                assertThat(answer.text()).as("the same request after AUTH").isEqualTo("+OK\r\n+OK\r\n");
            }
            assertThat(witness.ping()).isEqualTo("PONG");
            assertThat(logged()).anyMatch(line -> line.startsWith("Protocol error (unauthenticated bulk length)"));
        }
    }

    @Test
    void aClientNotReadingPipelinedRepliesIsClosedAtTheNormalOutputLimit() throws Exception {
        byte[] value = new byte[100_000];
        Arrays.fill(value, (byte) 's');
        try (TestServer server = TestServer.start("client-output-buffer-limit normal 1mb 0 0");
             Jedis witness = server.jedis()) {
            witness.set("big".getBytes(StandardCharsets.US_ASCII), value);
            byte[] gets = "GET big\r\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
            assertClosedWhileWitnessAnswers(server, witness, gets);
        }
    }

    @Test
    void aClientNotReadingOneHugeReplyIsClosedAtTheNormalOutputLimit() throws Exception {
        try (TestServer server = TestServer.start("client-output-buffer-limit normal 512kb 0 0");
             Jedis witness = server.jedis()) {
            String[] elements = new String[20_000];
            Arrays.fill(elements, "e".repeat(100));
            witness.rpush("list", elements);
            byte[] lrange = "LRANGE list 0 -1\r\n".getBytes(StandardCharsets.US_ASCII);
            assertClosedWhileWitnessAnswers(server, witness, lrange);
        }
    }

    @Test
    void withoutALimitASlowReaderIsThrottledNotClosed() throws Exception {
        byte[] value = new byte[100_000];
        try (TestServer server = TestServer.start(); Jedis witness = server.jedis();
             Socket slow = new Socket("127.0.0.1", server.port())) {
            witness.set("big".getBytes(StandardCharsets.US_ASCII), value);
            OutputStream out = slow.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write("GET big\r\n".repeat(300).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.until(Duration.ofSeconds(10), writer::isDone);
            assertThat(witness.ping()).isEqualTo("PONG");
            // the writes may all be in the socket's buffers before the server has even accepted it
            Eventually.until(Duration.ofSeconds(10), () -> server.server().clients().all().size() == 2);
            assertThat(witness.ping()).isEqualTo("PONG");
            assertThat(server.server().clients().all()).hasSize(2);
        }
    }

    /** Sends {@code request} (repeatedly) without reading; the server must close the connection while the witness answers. */
    private void assertClosedWhileWitnessAnswers(TestServer server, Jedis witness, byte[] request) throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicInteger witnessAnswers = new AtomicInteger();
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setReceiveBufferSize(4096);
            Eventually.until(Duration.ofSeconds(10), () -> server.server().clients().all().size() == 2);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (int i = 0; i < 100 && !closed.get(); i++) {
                        out.write(request);
                    }
                } catch (IOException e) {
                    closed.set(true);
                }
            });
            Eventually.until(Duration.ofSeconds(20), () -> {
                if ("PONG".equals(witness.ping())) {
                    witnessAnswers.incrementAndGet();
                }
                return server.server().clients().all().size() == 1;
            });
            closed.set(true);
            writer.get();
        }
        assertThat(witnessAnswers.get()).isPositive();
        assertThat(witness.ping()).isEqualTo("PONG");
        assertThat(logged()).anyMatch(line -> line.contains("closed for overcoming of output buffer limits"))
                .noneMatch(line -> line.contains("sss") || line.contains("eee"));
    }

    private java.util.List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
