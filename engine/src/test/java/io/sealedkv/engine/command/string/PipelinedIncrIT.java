package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Pipelined INCR-likes, each read in one hold and stored in another (compare-and-set): clients pipelining
 * increments to the same keys at once lose none (every reply distinct, the totals exact), and a key that
 * expired before the pipeline is expired in its own command's turn.
 */
class PipelinedIncrIT {
    @RegisterExtension
    // One active expiry cycle a second, and decoys it samples: it hardly ever takes the expired key first.
    static final ServerExtension server = new ServerExtension("hz 1");

    @Test
    void clientsPipeliningIncrementsToTheSameKeysLoseNone() throws Exception {
        List<String> keys = List.of("n0", "n1", "n2");
        try (Jedis jedis = server.emptyJedis()) {
            jedis.set("n1", "-40");
        }
        int clients = 4;
        int pipelines = 40;
        int perPipeline = 30;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Map<String, List<Long>>>> futures = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            futures.add(pool.submit(() -> pipelineIncrements(keys, pipelines, perPipeline)));
        }
        Map<String, Set<Long>> seen = new HashMap<>();
        long total = 0;
        for (Future<Map<String, List<Long>>> future : futures) {
            for (Map.Entry<String, List<Long>> replies : future.get().entrySet()) {
                for (long reply : replies.getValue()) {
                    assertThat(seen.computeIfAbsent(replies.getKey(), k -> new HashSet<>()).add(reply))
                            .as("%s answered %d twice", replies.getKey(), reply).isTrue();
                    total++;
                }
            }
        }
        pool.shutdown();
        assertThat(total).isEqualTo((long) clients * pipelines * perPipeline);
        try (Jedis jedis = server.jedis()) {
            for (String key : keys) {
                long initial = key.equals("n1") ? -40 : 0;
                assertThat(Long.parseLong(jedis.get(key))).as(key).isEqualTo(initial + seen.get(key).size());
            }
        }
    }

    /** Increments by one (INCR, or INCRBY 1, or DECRBY -1) at random keys; the replies per key. */
    private static Map<String, List<Long>> pipelineIncrements(List<String> keys, int pipelines, int perPipeline) {
        Map<String, List<Long>> replies = new HashMap<>();
        try (Jedis jedis = server.jedis()) {
            Random random = new Random();
            for (int p = 0; p < pipelines; p++) {
                Pipeline pipeline = jedis.pipelined();
                Map<String, List<Response<Long>>> responses = new HashMap<>();
                for (int i = 0; i < perPipeline; i++) {
                    String key = keys.get(random.nextInt(keys.size()));
                    Response<Long> response = switch (random.nextInt(3)) {
                        case 0 -> pipeline.incr(key);
                        case 1 -> pipeline.incrBy(key, 1);
                        default -> pipeline.decrBy(key, -1);
                    };
                    responses.computeIfAbsent(key, k -> new ArrayList<>()).add(response);
                }
                pipeline.sync();
                responses.forEach((key, list) -> list.forEach(
                        response -> replies.computeIfAbsent(key, k -> new ArrayList<>()).add(response.get())));
            }
        }
        return replies;
    }

    @Test
    void aKeyThatExpiredBeforeThePipelineIsExpiredInItsOwnCommandsTurn() throws InterruptedException {
        RecordedEffects effects = RecordedEffects.of(server.server().keyspace());
        try (Jedis jedis = server.emptyJedis()) {
            Pipeline decoys = jedis.pipelined();
            for (int i = 0; i < 2000; i++) {
                decoys.setex("decoy-" + i, 1000, "d");
            }
            decoys.sync();
            jedis.set("a", "10");
            jedis.psetex("x", 1, "5");
            Thread.sleep(20);
            effects.clear();
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = List.of(pipeline.incr("a"), pipeline.incr("x"), pipeline.incrBy("a", 5),
                    pipeline.decr("x"));
            pipeline.sync();
            assertThat(replies.stream().map(Response::get).toList()).containsExactly(11L, 1L, 16L, 0L);
            assertThat(jedis.ttl("x")).isEqualTo(-1);
        }
        assertThat(effects.propagated()).containsExactly("0 INCR a", "0 DEL x", "0 INCR x", "0 INCRBY a 5", "0 DECR x");
    }
}
