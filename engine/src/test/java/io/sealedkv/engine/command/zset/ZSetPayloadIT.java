package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.types.zset.ZSetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The payload of a sorted set (snapshots, DUMP) rebuilds it exactly, for both encodings, without
 * plaintext in it; damaged payloads are refused. Also RENAME, MOVE, COPY and expiry of sorted sets
 * through the generic key commands.
 */
class ZSetPayloadIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        jedis.configSet("zset-max-listpack-entries", "128");
    }

    private void fill(String key, int members) {
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < members; i++) {
            scores.put("member-" + i, (double) (i % 5));
        }
        jedis.zadd(key, scores);
    }

    private CollectionValue stored(String key) {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Entry entry = keyspace.lookup(keyspace.database(0), key.getBytes(StandardCharsets.UTF_8),
                    Keyspace.NO_TOUCH | Keyspace.NO_STATS);
            return (CollectionValue) entry.value();
        } finally {
            keyspace.lock().unlock();
        }
    }

    private void store(String key, CollectionValue value) {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(0);
            keyspace.writes().set(db, key.getBytes(StandardCharsets.UTF_8), value, false);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private static byte[] payload(CollectionValue value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        value.writePayload(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static CollectionValue read(byte[] payload) throws IOException {
        return CollectionReaders.read(ValueType.ZSET, new DataInputStream(new ByteArrayInputStream(payload)));
    }

    @Test
    void payloadRoundTripsBothEncodings() throws IOException {
        for (int members : new int[] {10, 500}) {
            jedis.flushAll();
            fill("z", members);
            CollectionValue original = stored("z");
            byte[] payload = payload(original);
            assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("member-");
            CollectionValue restored = read(payload);
            assertThat(restored.encoding()).isEqualTo(original.encoding());
            assertThat(restored.size()).isEqualTo(members);
            assertThat(restored.identity()).isEqualTo(original.identity());
            assertThat(payload(restored)).isEqualTo(payload);
            List<Tuple> before = jedis.zrangeWithScores("z", 0, -1);
            store("restored", restored);
            assertThat(jedis.zrangeWithScores("restored", 0, -1)).isEqualTo(before);
            assertThat(jedis.zscore("restored", "member-3")).isEqualTo(3.0);
            assertThat(jedis.zrank("restored", "member-0")).isZero();
            jedis.zadd("restored", -1, "new");
            assertThat(jedis.zrange("restored", 0, 0)).containsExactly("new");
        }
    }

    @Test
    void damagedPayloadsAreRefused() throws IOException {
        fill("z", 200);
        byte[] payload = payload(stored("z"));
        for (int cut : new int[] {0, 5, 13, 17, 40, payload.length - 1}) {
            assertThatThrownBy(() -> read(Arrays.copyOf(payload, cut))).as("cut at %d", cut)
                    .isInstanceOf(IOException.class);
        }
        byte[] badCount = payload.clone();
        badCount[13] = (byte) 0x80;
        assertThatThrownBy(() -> read(badCount)).isInstanceOf(IOException.class);
        byte[] badEncoding = payload.clone();
        badEncoding[12] = 7;
        assertThatThrownBy(() -> read(badEncoding)).isInstanceOf(IOException.class);
        byte[] disordered = payload.clone();
        disordered[17] = (byte) 0x7f;
        assertThatThrownBy(() -> read(disordered)).hasMessageContaining("order");
    }

    @Test
    void copyReseals() {
        fill("small", 10);
        fill("large", 300);
        for (String key : new String[] {"small", "large"}) {
            assertThat(jedis.copy(key, key + "-copy", false)).isTrue();
            ZSetValue original = (ZSetValue) stored(key);
            ZSetValue copy = (ZSetValue) stored(key + "-copy");
            assertThat(copy.identity()).isNotEqualTo(original.identity());
            assertThat(copy.encoding()).isEqualTo(original.encoding());
            assertThat(jedis.zrangeWithScores(key + "-copy", 0, -1)).isEqualTo(jedis.zrangeWithScores(key, 0, -1));
            jedis.zadd(key + "-copy", 100, "only-in-copy");
            assertThat(jedis.zscore(key, "only-in-copy")).isNull();
            byte[][] sealedOfOriginal = new byte[1][];
            original.forEachSealed(s -> sealedOfOriginal[0] = s);
            copy.forEachSealed(s -> assertThat(s).isNotEqualTo(sealedOfOriginal[0]));
            assertThat(ElementSealer.of(server.server().codec(), copy).identity()).isEqualTo(copy.identity());
        }
    }

    @Test
    void renameMoveAndExpiryKeepTheSet() {
        fill("z", 300);
        List<Tuple> all = jedis.zrangeWithScores("z", 0, -1);
        jedis.rename("z", "renamed");
        assertThat(jedis.zrangeWithScores("renamed", 0, -1)).isEqualTo(all);
        assertThat(jedis.move("renamed", 3)).isEqualTo(1);
        jedis.select(3);
        assertThat(jedis.zrangeWithScores("renamed", 0, -1)).isEqualTo(all);
        assertThat(jedis.zcard("renamed")).isEqualTo(300);
        jedis.pexpire("renamed", 1);
        long deadline = System.currentTimeMillis() + 5000;
        while (jedis.exists("renamed") && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(jedis.exists("renamed")).isFalse();
        assertThat(jedis.zcard("renamed")).isZero();
        jedis.select(0);
        fill("t", 3);
        jedis.expire("t", 100);
        jedis.zadd("t", 9, "x");
        assertThat(jedis.ttl("t")).isPositive();
        jedis.zunionstore("t", "t");
        assertThat(jedis.ttl("t")).isEqualTo(-1);
        assertThat(jedis.type("t")).isEqualTo("zset");
    }
}
