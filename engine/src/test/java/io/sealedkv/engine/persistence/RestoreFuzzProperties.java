package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.Bounded;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Fuzzing RESTORE end to end: real DUMP outputs of every type and encoding (string, small and large
 * list, hash, set, intset, sorted set), mutated (flips, truncation, insertion, splices of two payloads),
 * are refused with {@code -ERR DUMP payload version or checksum are wrong} or {@code -ERR Bad data format},
 * never another error or a stack trace; the target key is never created, a REPLACE target keeps its
 * old value, and the server keeps answering.
 *
 * <p>Tries: {@code jqwik.tries.default} (1000 from junit-platform.properties); a campaign raises it
 * with {@code -Djqwik.tries.default=100000}.
 */
class RestoreFuzzProperties {
    private static final Duration PER_TRY = Duration.ofSeconds(5);
    private static TestServer server;
    private static Jedis jedis;
    private static List<byte[]> dumps;

    @BeforeContainer
    static void dumpEveryType() {
        server = TestServer.start();
        jedis = server.jedis();
        jedis.set("string", "a string value long enough to be compressed ".repeat(10));
        jedis.set("int", "12345");
        jedis.rpush("smalllist", "a", "b", "c");
        for (int i = 0; i < 300; i++) {
            jedis.rpush("biglist", "element-" + i);
            jedis.hset("bighash", "f" + i, "v" + i);
            jedis.sadd("bigset", "m" + i);
            jedis.zadd("bigzset", i, "z" + i);
        }
        jedis.hset("smallhash", Map.of("f", "v", "g", "w"));
        jedis.sadd("intset", "1", "2", "3");
        jedis.sadd("smallset", "x", "y");
        jedis.zadd("smallzset", Map.of("a", 1.0, "b", 2.5));
        dumps = new ArrayList<>();
        for (String key : List.of("string", "int", "smalllist", "biglist", "smallhash", "bighash", "intset",
                "smallset", "bigset", "smallzset", "bigzset")) {
            dumps.add(jedis.dump(key));
        }
        jedis.set("victim", "old value");
    }

    @AfterContainer
    static void stop() {
        jedis.close();
        server.close();
    }

    @Property
    void mutatedDumpsAreRefusedCleanly(@ForAll @IntRange(min = 0, max = 10) int type,
                                       @ForAll @IntRange(min = 0, max = 3) int how,
                                       @ForAll @IntRange(min = 0, max = 1_000_000) int at,
                                       @ForAll @Size(min = 1, max = 16) byte[] bytes,
                                       @ForAll @IntRange(min = 0, max = 10) int other) {
        byte[] payload = mutate(dumps.get(type), how, at, bytes, dumps.get(other));
        String error = Bounded.call(PER_TRY, () -> restoreError("fresh", payload, false));
        assertThat(error).isIn("ERR DUMP payload version or checksum are wrong", "ERR Bad data format");
        assertThat(jedis.exists("fresh")).as("no half-restored key").isFalse();
        String replaced = Bounded.call(PER_TRY, () -> restoreError("victim", payload, true));
        assertThat(replaced).isEqualTo(error);
        assertThat(jedis.get("victim")).isEqualTo("old value");
    }

    @Property(tries = 20)
    void unchangedDumpsRestore(@ForAll @IntRange(min = 0, max = 10) int type) {
        jedis.del("copy");
        assertThat(restoreError("copy", dumps.get(type), false)).isNull();
        assertThat(jedis.exists("copy")).isTrue();
        jedis.del("copy");
    }

    private static String restoreError(String key, byte[] payload, boolean replace) {
        try {
            if (replace) {
                jedis.restore(key.getBytes(), 0, payload, redis.clients.jedis.params.RestoreParams.restoreParams().replace());
            } else {
                jedis.restore(key.getBytes(), 0, payload);
            }
            return null;
        } catch (JedisDataException e) {
            return e.getMessage();
        }
    }

    private static byte[] mutate(byte[] dump, int how, int at, byte[] bytes, byte[] other) {
        int i = at % dump.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (how) {
            case 0 -> {
                byte[] copy = dump.clone();
                for (int k = 0; k < bytes.length; k++) {
                    copy[(i + k * 7) % copy.length] ^= (byte) (bytes[k] == 0 ? 1 : bytes[k]);
                }
                return copy;
            }
            case 1 -> out.write(dump, 0, i);
            case 2 -> {
                out.write(dump, 0, i);
                out.writeBytes(bytes);
                out.write(dump, i, dump.length - i);
            }
            default -> {
                out.write(dump, 0, i);
                int from = at % other.length;
                out.write(other, from, other.length - from);
                byte[] spliced = out.toByteArray();
                if (java.util.Arrays.equals(spliced, dump) || java.util.Arrays.equals(spliced, other)) {
                    spliced = java.util.Arrays.copyOf(spliced, spliced.length - 1);
                }
                return spliced;
            }
        }
        return out.toByteArray();
    }
}
