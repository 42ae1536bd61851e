package io.sealedkv.engine.command.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.types.hash.HashValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** Hashes under the generic key commands (COPY, RENAME, MOVE, expiry) and what hash writes propagate. */
class HashKeysIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final List<String> propagated = new CopyOnWriteArrayList<>();
    private static boolean listening;

    private static Jedis jedis(String encoding) {
        if (!listening) {
            listening = true;
            server.server().keyspace().writes().addPropagationListener((db, argv) -> {
                StringBuilder line = new StringBuilder().append(db);
                for (byte[] arg : argv) {
                    line.append(' ').append(new String(arg, StandardCharsets.UTF_8));
                }
                propagated.add(line.toString());
            });
        }
        Jedis jedis = server.emptyJedis();
        jedis.configSet("hash-max-listpack-entries", encoding.equals("listpack") ? "512" : "0");
        propagated.clear();
        return jedis;
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void copyIsIndependentAndResealedRenameAndMoveKeepTheHash(String encoding) {
        Jedis jedis = jedis(encoding);
        jedis.hset("h", Map.of("a", "1", "b", "2"));
        Object before = storedValue(0, "h");
        assertThat(jedis.copy("h", "c", false)).isTrue();
        jedis.hset("c", "z", "26");
        assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(jedis.hgetAll("c")).isEqualTo(Map.of("a", "1", "b", "2", "z", "26"));
        assertThat(((HashValue) storedValue(0, "c")).identity()).isNotEqualTo(((HashValue) before).identity());
        assertThat(jedis.objectEncoding("c")).isEqualTo(encoding);

        jedis.rename("h", "r");
        assertThat(storedValue(0, "r")).isSameAs(before);
        assertThat(jedis.hget("r", "a")).isEqualTo("1");
        assertThat(jedis.move("r", 3)).isEqualTo(1);
        jedis.select(3);
        assertThat(jedis.hgetAll("r")).isEqualTo(Map.of("a", "1", "b", "2"));
        jedis.hset("r", "c", "3");
        assertThat(jedis.hlen("r")).isEqualTo(3);
        jedis.swapDB(0, 3);
        jedis.select(0);
        assertThat(jedis.hget("r", "c")).isEqualTo("3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hashWritesKeepTheExpiryAndAnExpiredHashIsGone(String encoding) {
        Jedis jedis = jedis(encoding);
        jedis.hset("h", "a", "1");
        jedis.expire("h", 100);
        jedis.hset("h", "b", "2");
        jedis.hincrBy("h", "n", 1);
        jedis.hdel("h", "a");
        assertThat(jedis.ttl("h")).isBetween(1L, 100L);
        jedis.pexpire("h", 1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (jedis.pttl("h") != -2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(jedis.hgetAll("h")).isEmpty();
        assertThat(jedis.hlen("h")).isZero();
        assertThat(jedis.hset("h", "x", "1")).isEqualTo(1);
        assertThat(jedis.ttl("h")).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void writesPropagateAsReceivedFloatIncrementsAsHsetAndNoOpsNot(String encoding) {
        Jedis jedis = jedis(encoding);
        jedis.hset("h", "a", "1");
        jedis.hsetnx("h", "a", "2");
        jedis.hdel("h", "zz");
        jedis.hget("h", "a");
        jedis.hincrByFloat("h", "f", 1.5);
        jedis.hincrBy("h", "a", 2);
        jedis.hdel("h", "a", "f");
        assertThat(propagated).containsExactly("0 HSET h a 1", "0 HSET h f 1.5", "0 HINCRBY h a 2", "0 HDEL h a f");
    }

    @Test
    void objectEncodingAndMemoryOfBothEncodings() {
        Jedis jedis = jedis("listpack");
        jedis.hset("small", "a", "1");
        assertThat(jedis.objectEncoding("small")).isEqualTo("listpack");
        jedis.configSet("hash-max-listpack-entries", "1");
        jedis.hset("big", Map.of("a", "1", "b", "2"));
        assertThat(jedis.objectEncoding("big")).isEqualTo("hashtable");
        assertThat(((HashValue) storedValue(0, "big")).memoryBytes())
            .isGreaterThan(((HashValue) storedValue(0, "small")).memoryBytes());
    }

    private static Object storedValue(int db, String key) {
        var keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            return keyspace.lookup(keyspace.database(db), key.getBytes(StandardCharsets.UTF_8),
                io.sealedkv.engine.keyspace.Keyspace.NO_TOUCH | io.sealedkv.engine.keyspace.Keyspace.NO_STATS).value();
        } finally {
            keyspace.lock().unlock();
        }
    }
}
