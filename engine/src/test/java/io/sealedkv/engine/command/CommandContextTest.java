package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

class CommandContextTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anUpdateThatKeepsLosingTheRaceFinishesUnderTheLock() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            jedis.set("k", "start");
            ClientSession session = server.server().clients().all().iterator().next();
            CommandContext c = session.context();
            byte[] key = bytes("k");
            c.begin(server.server().commands().find("append"), new byte[][] {bytes("append"), key, bytes("x")});
            Keyspace keyspace = c.keyspace();
            AtomicInteger runs = new AtomicInteger();

            String reply = c.update(key, "set", current -> {
                runs.incrementAndGet();
                if (!keyspace.lock().isHeldByCurrentThread()) {
                    try (var lock = c.lock()) {
                        keyspace.writes().set(c.db(), key, c.seal(c.db(), key, bytes("rival")), false);
                    }
                }
                return new StringUpdate.Result<>(bytes("mine"), "stored");
            });

            assertThat(reply).isEqualTo("stored");
            assertThat(runs.get()).isLessThanOrEqualTo(4);
            assertThat(jedis.get("k")).isEqualTo("mine");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
