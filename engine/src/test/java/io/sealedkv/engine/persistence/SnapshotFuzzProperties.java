package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.Bounded;
import io.sealedkv.engine.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;

/**
 * Fuzzing the snapshot loader with a real snapshot holding every type (written by SAVE): flipped,
 * overwritten, truncated, extended, spliced and duplicated-segment files. Whatever the bytes, loading
 * ends in a {@link SnapshotException} (or loads, for the unchanged file), never another exception,
 * within bounded time.
 *
 * <p>Tries: {@code jqwik.tries.default} (1000 from junit-platform.properties); a campaign raises it
 * with {@code -Djqwik.tries.default=100000}.
 */
class SnapshotFuzzProperties {
    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private static TestServer server;
    private static byte[] valid;

    @BeforeContainer
    static void saveEveryType() throws Exception {
        server = TestServer.start();
        try (Jedis jedis = server.jedis()) {
            jedis.set("string", "value ".repeat(50));
            jedis.setex("expiring", 1000, "soon");
            jedis.rpush("list", "a", "b", "c");
            jedis.hset("hash", Map.of("f", "v"));
            jedis.sadd("intset", "1", "2");
            jedis.sadd("set", "x", "y");
            jedis.zadd("zset", Map.of("a", 1.0, "b", 2.0));
            for (int i = 0; i < 200; i++) {
                jedis.rpush("biglist", "e" + i);
                jedis.zadd("bigzset", i, "m" + i);
                jedis.hset("bighash", "f" + i, "v" + i);
            }
            jedis.select(3);
            jedis.set("other-db", "v");
            jedis.save();
        }
        valid = Files.readAllBytes(server.server().persistence().file());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property
    void mutatedSnapshotsAreRefusedWithSnapshotException(@ForAll @IntRange(min = 0, max = 4) int how,
                                                         @ForAll @IntRange(min = 0, max = 10_000_000) int at,
                                                         @ForAll @IntRange(min = 0, max = 10_000_000) int to,
                                                         @ForAll @Size(min = 1, max = 16) byte[] bytes) {
        byte[] file = mutate(how, at, to, bytes);
        String outcome = Bounded.call(PER_TRY, () -> load(file));
        if (Arrays.equals(file, valid)) {
            assertThat(outcome).isEqualTo("loaded");
        } else {
            assertThat(outcome).isEqualTo("refused");
        }
    }

    @Property(tries = 5)
    void theUnchangedSnapshotLoads(@ForAll @IntRange(min = 0, max = 4) int unused) {
        assertThat(load(valid)).isEqualTo("loaded");
    }

    private static String load(byte[] file) {
        try {
            SnapshotReader.load(new ByteArrayInputStream(file), server.server().codec(), new Keyspace(16), false);
            return "loaded";
        } catch (SnapshotException e) {
            return "refused";
        }
    }

    private static byte[] mutate(int how, int at, int to, byte[] bytes) {
        int i = at % valid.length;
        int j = to % valid.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (how) {
            case 0 -> {
                byte[] copy = valid.clone();
                for (int k = 0; k < bytes.length; k++) {
                    copy[(i + k * 13) % copy.length] ^= (byte) (bytes[k] == 0 ? 1 : bytes[k]);
                }
                return copy;
            }
            case 1 -> out.write(valid, 0, i);
            case 2 -> {
                out.write(valid, 0, i);
                out.writeBytes(bytes);
                out.write(valid, i, valid.length - i);
            }
            case 3 -> {
                out.write(valid, 0, Math.max(i, j));
                out.write(valid, Math.min(i, j), valid.length - Math.min(i, j));
            }
            default -> {
                out.write(valid, 0, Math.min(i, j));
                out.write(valid, Math.max(i, j), valid.length - Math.max(i, j));
            }
        }
        return out.toByteArray();
    }
}
