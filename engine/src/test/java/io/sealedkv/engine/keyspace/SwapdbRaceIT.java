package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Values are sealed for a database identity before the lock is taken; SWAPDB may move that identity
 * in between. Whatever interleaving happens, every stored value must open where it is stored.
 */
class SwapdbRaceIT {
    @Test
    void writesRacingSwapdbAlwaysStayReadable() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (TestServer server = TestServer.start()) {
            Thread swapper = new Thread(() -> {
                try (Jedis jedis = server.jedis()) {
                    while (running.get()) {
                        jedis.swapDB(0, 1);
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            swapper.start();
            try (Jedis writer = server.jedis()) {
                for (int i = 0; i < 3000; i++) {
                    writer.set("k" + (i % 50), "value" + i);
                    writer.incr("counter" + (i % 7));
                    writer.get("k" + ((i + 25) % 50));
                }
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                running.set(false);
                swapper.join();
            }
            try (Jedis reader = server.jedis()) {
                for (int db = 0; db < 2; db++) {
                    reader.select(db);
                    for (String key : reader.keys("*")) {
                        assertThat(reader.get(key)).isNotNull();
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
