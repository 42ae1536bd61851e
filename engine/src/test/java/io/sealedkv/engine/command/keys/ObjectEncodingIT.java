package io.sealedkv.engine.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitOP;

/** OBJECT ENCODING names the encoding Redis would have, which depends on how the value was made. */
class ObjectEncodingIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void valuesAsSentAreIntEmbstrOrRawByContent() {
        Jedis jedis = server.emptyJedis();
        jedis.set("n", "12");
        jedis.set("s", "short");
        jedis.set("l", "x".repeat(45));
        jedis.append("fresh", "34");
        assertThat(jedis.objectEncoding("n")).isEqualTo("int");
        assertThat(jedis.objectEncoding("s")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("l")).isEqualTo("raw");
        assertThat(jedis.objectEncoding("fresh")).isEqualTo("int");
    }

    @Test
    void editsInPlaceLeaveRawStringsThatMovesKeep() {
        Jedis jedis = server.emptyJedis();
        jedis.set("n", "1");
        jedis.append("n", "2");
        jedis.setrange("r", 0, "ab");
        jedis.setbit("b", 1, true);
        jedis.bitop(BitOP.OR, "o", "n", "r");
        jedis.rename("n", "moved");
        jedis.copy("moved", "copied", false);
        for (String key : new String[] {"r", "b", "o", "moved", "copied"}) {
            assertThat(jedis.objectEncoding(key)).as(key).isEqualTo("raw");
        }
        jedis.incr("moved");
        jedis.set("copied", "7");
        assertThat(jedis.objectEncoding("moved")).isEqualTo("int");
        assertThat(jedis.objectEncoding("copied")).isEqualTo("int");
    }

    @Test
    void floatIncrementsAreNeverInt() {
        Jedis jedis = server.emptyJedis();
        jedis.incrByFloat("f", 3);
        jedis.incrByFloat("big", 1e44);
        assertThat(jedis.get("f")).isEqualTo("3");
        assertThat(jedis.objectEncoding("f")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("big")).isEqualTo("raw");
    }

    /**
     * Collections built one element per command convert at Redis 7.0.15's default thresholds (observed on
     * redis-server: 200 HSETs stay listpack since hash-max-listpack-entries is 512, not 128).
     */
    @Test
    void collectionsBuiltOneCommandAtATimeConvertAtRedisThresholds() {
        Jedis jedis = server.emptyJedis();
        for (int i = 1; i <= 512; i++) {
            jedis.hset("h", "f" + i, "v");
            jedis.sadd("si", Integer.toString(i));
            if (i == 200) {
                assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
                assertThat(jedis.objectEncoding("si")).isEqualTo("intset");
            }
        }
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("si")).isEqualTo("intset");
        jedis.hset("h", "f513", "v");
        jedis.sadd("si", "513");
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.objectEncoding("si")).isEqualTo("hashtable");

        for (int i = 1; i <= 128; i++) {
            jedis.zadd("z", i, "m" + i);
        }
        assertThat(jedis.objectEncoding("z")).isEqualTo("listpack");
        jedis.zadd("z", 129, "m129");
        assertThat(jedis.objectEncoding("z")).isEqualTo("skiplist");

        for (int i = 1; i <= 200; i++) {
            jedis.sadd("s", "m" + i);
            jedis.rpush("l", "e" + i);
        }
        assertThat(jedis.objectEncoding("s")).isEqualTo("hashtable");
        assertThat(jedis.objectEncoding("l")).isEqualTo("quicklist");

        jedis.rpush("small-list", "a");
        assertThat(jedis.objectEncoding("small-list")).as("Redis 7.0 lists are always quicklists").isEqualTo("quicklist");
        jedis.hset("wide-hash", "f", "x".repeat(64));
        jedis.zadd("wide-zset", 1, "x".repeat(64));
        assertThat(jedis.objectEncoding("wide-hash")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("wide-zset")).isEqualTo("listpack");
        jedis.hset("wide-hash", "g", "x".repeat(65));
        jedis.zadd("wide-zset", 2, "x".repeat(65));
        assertThat(jedis.objectEncoding("wide-hash")).isEqualTo("hashtable");
        assertThat(jedis.objectEncoding("wide-zset")).isEqualTo("skiplist");
    }
}
