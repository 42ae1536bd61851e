package io.sealedkv.engine.command.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Pipelined HSET runs ({@link HashSetRun}) into one hashtable hash, growing it through several table
 * resizes while new and existing fields are set: the replies, and the hash read, copied and dumped
 * afterwards, are those of a plain model; an HSET whose pair cannot be sealed fails alone.
 */
class PipelinedHashSetIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @Test
    void hsetsInOnePipelineLeaveTheHashAModelWouldHave() {
        Random random = new Random(16);
        Map<String, String> model = new HashMap<>();
        // Past the listpack limits, then set alone: the runs that follow seal for the hashtable this connection wrote.
        jedis.configSet("hash-max-listpack-entries", "8");
        for (int i = 0; i < 10; i++) {
            jedis.hset("h", "first-" + i, "v");
            model.put("first-" + i, "v");
        }
        for (int round = 0; round < 20; round++) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Map<String, String> pairs = new HashMap<>();
                for (int j = random.nextInt(3); j >= 0; j--) {
                    pairs.put("f" + random.nextInt(1500), round + "-" + i + "-" + "x".repeat(random.nextInt(4) == 0 ? 300 : 5));
                }
                long added = pairs.keySet().stream().filter(f -> !model.containsKey(f)).count();
                model.putAll(pairs);
                replies.add(pipeline.hset("h", pairs));
                expected.add(added);
            }
            pipeline.sync();
            assertThat(replies.stream().map(Response::get).toList()).isEqualTo(expected);
        }
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.hlen("h")).isEqualTo(model.size());
        assertThat(jedis.hgetAll("h")).isEqualTo(model);
        assertThat(jedis.copy("h", "h-copy", false)).isTrue();
        jedis.restore("h-restored", 0, jedis.dump("h"));
        assertThat(jedis.hgetAll("h-copy")).isEqualTo(model);
        assertThat(jedis.hgetAll("h-restored")).isEqualTo(model);
        for (String field : List.of("first-3", "f7", "f1499")) {
            assertThat(jedis.hget("h", field)).isEqualTo(model.get(field));
        }
    }

    /** An HSET whose pair the codec refuses fails alone, with the error it gets alone; the run's others apply. */
    @Test
    void aPairTheCodecRefusesFailsOnlyItsOwnHset() {
        try (TestServer limited = TestServer.start(new CodecOptions(true, 200, 1000), "hash-max-listpack-entries 2");
             Jedis client = limited.jedis()) {
            client.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
            client.hset("h", "a", "0");
            Pipeline pipeline = client.pipelined();
            Response<Long> before = pipeline.hset("h", "d", "4");
            Response<Long> refused = pipeline.hset("h", Map.of("e", "5", "big", "x".repeat(2000)));
            Response<Long> after = pipeline.hset("h", "a", "6");
            pipeline.sync();
            assertThat(before.get()).isEqualTo(1);
            assertThatThrownBy(refused::get).hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            assertThat(after.get()).isZero();
            assertThat(client.hgetAll("h")).isEqualTo(Map.of("a", "6", "b", "2", "c", "3", "d", "4"));
        }
    }
}
