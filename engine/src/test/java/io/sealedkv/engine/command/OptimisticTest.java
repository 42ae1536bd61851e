package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** An optimistic command that loses races looks its key up once as far as INFO's hits and misses go. */
class OptimisticTest {
    @Test
    void retriesCountNoKeyspaceHitOrMissAgain() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            jedis.set("present", "v");
            ClientSession session = server.server().clients().all().iterator().next();
            CommandContext c = session.context();
            Keyspace keyspace = c.keyspace();
            long hits = keyspace.stats().hits();
            long misses = keyspace.stats().misses();
            AtomicInteger attempts = new AtomicInteger();

            String done = Optimistic.run(c, () -> {
                try (var lock = c.lock()) {
                    keyspace.lookup(c.db(), bytes("present"), c.readLookupFlags());
                    keyspace.lookup(c.db(), bytes("absent"), c.readLookupFlags());
                }
                return attempts.incrementAndGet() < 4 ? null : "done"; // loses three races
            });

            assertThat(done).isEqualTo("done");
            assertThat(keyspace.stats().hits() - hits).isEqualTo(1);
            assertThat(keyspace.stats().misses() - misses).isEqualTo(1);
            assertThat(c.readLookupFlags()).isZero();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
