package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Pipelined increments of one small (listpack) hash's fields and one small sorted set's scores from two
 * connections at once. Each increment opens the block without the lock and commits only if the block is
 * unchanged; a block the other connection rewrote in place (same length, new bytes) must count as changed,
 * so no increment is lost.
 */
class ListpackIncrementRaceIT {
    private static final int PER_CLIENT = 20_000;
    private static final int ELEMENTS = 4;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void hincrbyFromTwoConnectionsLosesNothing() {
        Jedis jedis = server.emptyJedis();
        fromTwoConnections((pipeline, i) -> pipeline.hincrBy("h", "f" + i % ELEMENTS, 1));

        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        for (int e = 0; e < ELEMENTS; e++) {
            assertThat(jedis.hget("h", "f" + e)).isEqualTo(String.valueOf(2 * PER_CLIENT / ELEMENTS));
        }
    }

    @Test
    void zincrbyFromTwoConnectionsLosesNothing() {
        Jedis jedis = server.emptyJedis();
        fromTwoConnections((pipeline, i) -> pipeline.zincrby("z", 1, "m" + i % ELEMENTS));

        assertThat(jedis.objectEncoding("z")).isEqualTo("listpack");
        for (int e = 0; e < ELEMENTS; e++) {
            assertThat(jedis.zscore("z", "m" + e)).isEqualTo(2.0 * PER_CLIENT / ELEMENTS);
        }
    }

    private static void fromTwoConnections(BiConsumer<Pipeline, Integer> increment) {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int client = 0; client < 2; client++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (Jedis jedis = server.jedis()) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int i = 0; i < PER_CLIENT; i++) {
                        increment.accept(pipeline, i);
                    }
                    pipeline.sync();
                }
            }));
        }
        clients.forEach(CompletableFuture::join);
    }
}
