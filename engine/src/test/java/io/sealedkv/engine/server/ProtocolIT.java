package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Malformed requests get Redis's protocol errors and lose their connection; everyone else carries on. */
class ProtocolIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis bystander;

    @BeforeEach
    void witness() {
        bystander = server.jedis();
        bystander.set("witness", "still here");
    }

    private static RawClient.Answer exchange(String bytes) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            return client.send(bytes).read();
        }
    }

    private void assertServerStillAnswers() throws IOException {
        assertThat(bystander.get("witness")).isEqualTo("still here");
        assertThat(exchange("PING\r\n").text()).isEqualTo("+PONG\r\n");
    }

    @Test
    void bulkLengthOverTheLimitIsAProtocolError() throws IOException {
        RawClient.Answer answer = exchange("*1\r\n$600000000\r\n");
        assertThat(answer.text()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(answer.closed()).isTrue();
        assertServerStillAnswers();
    }

    @Test
    void negativeMultibulkCountIsIgnoredAsInRedis() throws IOException {
        RawClient.Answer answer = exchange("*-1\r\n*-5\r\nPING\r\n");
        assertThat(answer.text()).isEqualTo("+PONG\r\n");
        assertThat(answer.closed()).isFalse();
    }

    @Test
    void malformedCountsAndLengthsNameTheProblem() throws IOException {
        assertThat(exchange("*abc\r\nPING\r\n").text()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(exchange("*2147483648\r\n").text()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(exchange("*1\r\n$-5\r\n").text()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(exchange("*1\r\n+PING\r\n").text()).isEqualTo("-ERR Protocol error: expected '$', got '+'\r\n");
        assertThat(exchange("echo \"open\r\n").text())
                .isEqualTo("-ERR Protocol error: unbalanced quotes in request\r\n");
        assertThat(exchange("x".repeat(70_000)).text()).isEqualTo("-ERR Protocol error: too big inline request\r\n");
        assertServerStillAnswers();
    }

    @Test
    void requestsBeforeTheErrorAreStillAnswered() throws IOException {
        RawClient.Answer answer = exchange("*1\r\n$4\r\nPING\r\n*1\r\n$x\r\nPING\r\n");
        assertThat(answer.text()).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void httpRequestsAreClosedSilently() throws IOException {
        RawClient.Answer answer = exchange("POST / HTTP/1.1\r\nHost: example\r\n\r\n");
        assertThat(answer.text()).isEmpty();
        assertThat(answer.closed()).isTrue();
        assertServerStillAnswers();
    }

    @Test
    void randomBytesNeverTakeTheServerDown() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] garbage = new byte[1 + random.nextInt(2000)];
            random.nextBytes(garbage);
            try (RawClient client = new RawClient(server.port())) {
                client.send(garbage);
            }
        }
        assertServerStillAnswers();
    }

    @Test
    void inlineCommandsWorkLikeTelnet() throws IOException {
        assertThat(exchange("PING\r\n  echo   \"a b\\x41\"  \n\r\n").text()).isEqualTo("+PONG\r\n$4\r\na bA\r\n");
    }

    @Test
    void unknownCommandsQuoteTheirArguments() throws IOException {
        assertThat(exchange("foo a b\r\n").text())
                .isEqualTo("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
    }

    @Test
    void quitAnswersThenCloses() throws IOException {
        RawClient.Answer answer = exchange("QUIT\r\nPING\r\n");
        assertThat(answer.text()).isEqualTo("+OK\r\n");
        assertThat(answer.closed()).isTrue();
    }
}
