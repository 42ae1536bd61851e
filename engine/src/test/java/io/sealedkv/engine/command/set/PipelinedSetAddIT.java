package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Pipelined SADDs to a large set ({@link SetAddRun}), which look for absent members in one hold and add
 * them in another, while other clients add and remove the same members: every member counted as added or
 * removed was, so the replies add up to the set's change in size, and the set holds only the members sent.
 */
class PipelinedSetAddIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension("set-max-listpack-entries 8", "set-max-intset-entries 8");

    @Test
    void clientsAddingAndRemovingTheSameMembersCountEveryChangeOnce() throws Exception {
        try (Jedis jedis = server.emptyJedis()) {
            for (int i = 0; i < 20; i++) {
                jedis.sadd("s", "m" + i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> changes = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int seed = client;
            changes.add(pool.submit(() -> addAndRemove(seed)));
        }
        long change = 0;
        for (Future<Long> future : changes) {
            change += future.get();
        }
        pool.shutdown();
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.scard("s")).isEqualTo(20 + change);
            assertThat(jedis.smembers("s")).allMatch(member -> member.matches("m\\d+"));
            assertThat(jedis.objectEncoding("s")).isEqualTo("hashtable");
        }
    }

    /**
     * In one pipeline: SADDs of repeated members count each member once, and a SADD to a string, which ends
     * the run and answers WRONGTYPE alone, leaves the SADDs around it to the set as they were sent.
     */
    @Test
    void repeatedMembersCountOnceAndAWrongTypeSaddFailsAlone() {
        try (Jedis jedis = server.emptyJedis()) {
            for (int i = 0; i < 20; i++) {
                jedis.sadd("s", "m" + i);
            }
            jedis.set("str", "x");
            jedis.sadd("s", "m0");
            Pipeline pipeline = jedis.pipelined();
            Response<Long> one = pipeline.sadd("s", "n1");
            Response<Long> repeated = pipeline.sadd("s", "n2", "n2", "m1", "n3", "n2");
            Response<Long> present = pipeline.sadd("s", "n1", "n1");
            Response<Long> wrongType = pipeline.sadd("str", "n4");
            Response<Long> after = pipeline.sadd("s", "n4");
            pipeline.sync();

            assertThat(one.get()).isEqualTo(1);
            assertThat(repeated.get()).isEqualTo(2);
            assertThat(present.get()).isZero();
            assertThatThrownBy(wrongType::get).hasMessageStartingWith("WRONGTYPE");
            assertThat(after.get()).isEqualTo(1);
            assertThat(jedis.scard("s")).isEqualTo(24);
            assertThat(jedis.smembers("s")).contains("n1", "n2", "n3", "n4");
            assertThat(jedis.get("str")).isEqualTo("x");
        }
    }

    /** Pipelines of SADDs (of one to three members) with an SREM now and then; members added minus removed. */
    private static long addAndRemove(int seed) {
        Random random = new Random(seed);
        long change = 0;
        try (Jedis jedis = server.jedis()) {
            change += jedis.sadd("s", "m0");
            for (int p = 0; p < 60; p++) {
                Pipeline pipeline = jedis.pipelined();
                List<Response<Long>> added = new ArrayList<>();
                List<Response<Long>> removed = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String[] members = new String[1 + random.nextInt(3)];
                    for (int m = 0; m < members.length; m++) {
                        members[m] = "m" + random.nextInt(60);
                    }
                    if (random.nextInt(8) == 0) {
                        removed.add(pipeline.srem("s", members));
                    } else {
                        added.add(pipeline.sadd("s", members));
                    }
                }
                pipeline.sync();
                change += added.stream().mapToLong(Response::get).sum();
                change -= removed.stream().mapToLong(Response::get).sum();
            }
        }
        return change;
    }
}
