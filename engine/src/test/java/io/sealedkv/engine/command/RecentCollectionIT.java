package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes to the large collection this connection's network thread wrote last (skiplist ZADD, ZINCRBY,
 * ZREM; hashtable HSET, HDEL; large-set SADD; LPUSH) skip the first look-up: after the key was deleted,
 * re-created, renamed, expired or given another type in between, by this client or another, they must
 * still act on what the key holds now, never on the collection remembered.
 */
class RecentCollectionIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;
    private Jedis other;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        other = server.jedis();
        jedis.configSet("zset-max-listpack-entries", "0");
        jedis.configSet("hash-max-listpack-entries", "0");
        jedis.configSet("set-max-intset-entries", "0");
        jedis.configSet("set-max-listpack-entries", "0");
    }

    @Test
    void sortedSetWritesFollowTheKeyNotTheSetRemembered() {
        assertThat(jedis.zadd("z", Map.of("a", 1.0, "b", 2.0))).isEqualTo(2);
        assertThat(jedis.objectEncoding("z")).isEqualTo("skiplist");
        assertThat(jedis.zadd("z", 3, "a")).isZero();
        replacedEachWay("z", () -> jedis.zadd("z", 5, "c"), key -> assertThat(jedis.zrangeWithScores(key, 0, -1))
                .extracting(t -> t.getElement() + "=" + t.getScore()).containsExactly("c=5.0"));
        assertThat(jedis.zincrby("z", 2, "c")).isEqualTo(7.0);
        assertThat(jedis.zrem("z", "c", "x")).isEqualTo(1);
        assertThat(jedis.exists("z")).isFalse();
        assertThat(jedis.zadd("z", 1, "d")).isEqualTo(1);
        assertThat(jedis.zscore("z", "d")).isEqualTo(1.0);
    }

    @Test
    void hashWritesFollowTheKeyNotTheHashRemembered() {
        assertThat(jedis.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.hset("h", "a", "3")).isZero();
        replacedEachWay("h", () -> jedis.hset("h", "c", "5"), key -> assertThat(jedis.hgetAll(key))
                .isEqualTo(Map.of("c", "5")));
        assertThat(jedis.hdel("h", "c", "x")).isEqualTo(1);
        assertThat(jedis.exists("h")).isFalse();
    }

    @Test
    void setAddsFollowTheKeyNotTheSetRemembered() {
        assertThat(jedis.sadd("s", "a", "b")).isEqualTo(2);
        assertThat(jedis.objectEncoding("s")).isEqualTo("hashtable");
        assertThat(jedis.sadd("s", "a", "b", "a")).isZero();
        assertThat(jedis.sadd("s", "a", "c", "c", "d")).isEqualTo(2);
        replacedEachWay("s", () -> jedis.sadd("s", "e", "e"), key -> assertThat(jedis.smembers(key))
                .containsExactly("e"));
        assertThat(jedis.sadd("s", "e", "f")).isEqualTo(1);
        assertThat(jedis.smembers("s")).containsExactlyInAnyOrder("e", "f");
    }

    @Test
    void listPushesFollowTheKeyNotTheListRemembered() {
        assertThat(jedis.rpush("l", "a", "b")).isEqualTo(2);
        replacedEachWay("l", () -> jedis.rpush("l", "c"), key -> assertThat(jedis.lrange(key, 0, -1))
                .containsExactly("c"));
    }

    /**
     * Replaces {@code key} (just written, so remembered) in every way, each followed by {@code write},
     * which must create a fresh collection that {@code holdsOnlyWritten} checks: deleted by another
     * client, renamed away (the renamed copy keeps its members), expired, given another type (WRONGTYPE,
     * then deleted).
     */
    private void replacedEachWay(String key, Runnable write, Consumer<String> holdsOnlyWritten) {
        other.del(key);
        write.run();
        holdsOnlyWritten.accept(key);

        other.rename(key, key + "-moved");
        write.run();
        holdsOnlyWritten.accept(key);
        holdsOnlyWritten.accept(key + "-moved");

        other.pexpire(key, 1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (other.pttl(key) != -2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        write.run();
        holdsOnlyWritten.accept(key);

        other.del(key);
        other.set(key, "string");
        assertThatThrownBy(write::run).isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");
        other.del(key);
        write.run();
        holdsOnlyWritten.accept(key);
    }
}
