package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** maxmemory with each eviction policy: memory stays under the limit, only the policy's candidates go. */
class EvictionIT {
    private static final int LIMIT = 1024 * 1024 + 128 * 1024;
    private static final String VALUE = "v".repeat(200);

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @AfterEach
    void unlimited() {
        Jedis jedis = server.jedis();
        jedis.configSet("maxmemory", "0");
        jedis.configSet("maxmemory-policy", "noeviction");
        jedis.flushAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-lru", "allkeys-lfu", "allkeys-random"})
    void allkeysPoliciesKeepMemoryUnderTheLimitAndTheServerAnswering(String policy) {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("maxmemory-policy", policy);
        jedis.configSet("maxmemory", Integer.toString(LIMIT));
        for (int batch = 0; batch < 30; batch++) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = batch * 100; i < (batch + 1) * 100; i++) {
                pipeline.set("key:" + i, VALUE);
            }
            assertThat(pipeline.syncAndReturnAll()).containsOnly("OK");
            assertThat(usedMemory(jedis)).isLessThanOrEqualTo(LIMIT);
        }
        assertThat(usedMemory(jedis)).isLessThanOrEqualTo(LIMIT);
        assertThat(stat(jedis, "evicted_keys")).isPositive();
        assertThat(jedis.dbSize()).isBetween(100L, 2999L);
        assertThat(jedis.get("key:2999")).isEqualTo(VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"})
    void volatilePoliciesEvictOnlyKeysWithAnExpiry(String policy) {
        Jedis jedis = server.emptyJedis();
        Pipeline keep = jedis.pipelined();
        for (int i = 0; i < 200; i++) {
            keep.set("keep:" + i, VALUE);
        }
        keep.sync();
        jedis.configSet("maxmemory-policy", policy);
        jedis.configSet("maxmemory", Integer.toString(LIMIT));
        for (int batch = 0; batch < 40; batch++) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = batch * 100; i < (batch + 1) * 100; i++) {
                pipeline.setex("temp:" + i, 1000 + i, VALUE);
            }
            pipeline.sync();
            assertThat(usedMemory(jedis)).isLessThanOrEqualTo(LIMIT);
        }
        assertThat(usedMemory(jedis)).isLessThanOrEqualTo(LIMIT);
        assertThat(stat(jedis, "evicted_keys")).isPositive();
        for (int i = 0; i < 200; i++) {
            assertThat(jedis.exists("keep:" + i)).as("keep:%d has no expiry", i).isTrue();
        }
    }

    @Test
    void volatileTtlEvictsTheNearestExpiriesFirst() {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("maxmemory-policy", "volatile-ttl");
        jedis.configSet("maxmemory", Integer.toString(LIMIT));
        Pipeline pipeline = jedis.pipelined();
        // Well over the limit (a key costs 80-130 bytes here, the limit leaves room for 2000-3300): keys
        // 4000-4099 have shorter TTLs than at least 2000 others, keys 0-99 the longest of all.
        for (int i = 0; i < 6000; i++) {
            pipeline.setex("temp:" + i, 100_000 - i, VALUE);
        }
        pipeline.sync();
        long survivorsAmongLongest = 0;
        for (int i = 0; i < 100; i++) {
            survivorsAmongLongest += jedis.exists("temp:" + i) ? 1 : 0;
        }
        long survivorsAmongShorter = 0;
        for (int i = 4000; i < 4100; i++) {
            survivorsAmongShorter += jedis.exists("temp:" + i) ? 1 : 0;
        }
        assertThat(survivorsAmongLongest).isGreaterThan(survivorsAmongShorter);
    }

    @Test
    void noevictionRefusesWritesButServesReadsAndDeletes() {
        Jedis jedis = server.emptyJedis();
        jedis.set("first", VALUE);
        jedis.configSet("maxmemory", "1");
        assertThatThrownBy(() -> jedis.set("second", VALUE))
                .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
        assertThat(jedis.get("first")).isEqualTo(VALUE);
        assertThat(jedis.del("first")).isEqualTo(1);
        assertThat(usedMemory(jedis)).isEqualTo(1024 * 1024);
    }

    @Test
    void whenNothingCanBeEvictedWritesAreRefused() {
        Jedis jedis = server.emptyJedis();
        jedis.set("persistent", VALUE);
        jedis.configSet("maxmemory-policy", "volatile-lru");
        jedis.configSet("maxmemory", "1");
        assertThatThrownBy(() -> jedis.set("another", VALUE)).hasMessageStartingWith("OOM");
        assertThat(jedis.exists("persistent")).isTrue();
    }

    private static long usedMemory(Jedis jedis) {
        return stat(jedis, "used_memory");
    }

    private static long stat(Jedis jedis, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":(\\d+)").matcher(jedis.info(field.startsWith("used") ? "memory" : "stats"));
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }
}
