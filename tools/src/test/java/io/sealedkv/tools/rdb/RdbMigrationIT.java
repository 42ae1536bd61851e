package io.sealedkv.tools.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.compat.RedisServerProcess;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * Real peers both ways: Debian's redis-server 7.0 writes every encoding it has, SAVEs, the file is imported,
 * a SealedKV server started on the snapshot must hold exactly the same keys, types, values and expiry
 * times; then the snapshot is exported and a redis-server started on that RDB must hold them again
 * (versions 10 and 9).
 */
class RdbMigrationIT {
    private static final long FAR_FUTURE_MS = 4102444800000L;
    private static final byte[] LZF_TEXT = "abcdefgh".repeat(100).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Keystore keystore;
    private ValueCodec codec;

    @BeforeEach
    void openKeystore() {
        keystore = Keystores.open("memory", Map.of());
        codec = new SealingValueCodec(keystore, CodecOptions.DEFAULTS);
    }

    @AfterEach
    void closeKeystore() {
        keystore.close();
    }

    @ParameterizedTest(name = "list-compress-depth {0}")
    @ValueSource(ints = {0, 1})
    void redisToSealedKvAndBackKeepsEveryKeyTypeValueAndExpiry(int compressDepth) throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        Map<Integer, Map<String, String>> original;
        try (RedisServerProcess redis = RedisServerProcess.startIn(redisDir, "--dbfilename", "dump.rdb",
                "--enable-debug-command", "local", "--rdbcompression", "yes",
                "--list-compress-depth", Integer.toString(compressDepth));
             Jedis jedis = new Jedis("127.0.0.1", redis.port(), 10_000)) {
            populate(jedis);
            assertThat(encodings(jedis)).contains("int", "embstr", "raw", "quicklist", "listpack", "hashtable",
                    "intset", "skiplist");
            original = KeyspaceModel.read(jedis, 16);
            assertThat(jedis.save()).isEqualTo("OK");
        }
        byte[] rdb = Files.readAllBytes(redisDir.resolve("dump.rdb"));
        assertThat(RdbFixtures.indexOf(rdb, LZF_TEXT)).as("rdbcompression: the long string is LZF-compressed").isNegative();
        if (compressDepth > 0) {
            assertThat(RdbFixtures.indexOf(rdb, "element-in-the-middle-500".getBytes(StandardCharsets.US_ASCII)))
                    .as("list-compress-depth 1: inner quicklist nodes are LZF-compressed").isNegative();
        }

        Path data = Files.createDirectories(dir.resolve("sealed"));
        ImportReport report = new RdbImporter(codec, MigrationSupport.config(16), false)
                .run(redisDir.resolve("dump.rdb"), data.resolve("dump.sealed"));
        assertThat(report.keys()).isEqualTo(original.values().stream().mapToLong(Map::size).sum());
        assertThat(report.rdbVersion()).isEqualTo(10);
        byte[] sealedFile = Files.readAllBytes(data.resolve("dump.sealed"));
        assertThat(RdbFixtures.indexOf(sealedFile, "hello-world-value".getBytes(StandardCharsets.US_ASCII))).isNegative();

        try (SealedKvServer server = startSealedKv(data); Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
            assertThat(KeyspaceModel.read(jedis, 16)).isEqualTo(original);
        }

        for (int version : new int[] {10, 9}) {
            Path exported = Files.createDirectories(dir.resolve("export-" + version));
            ExportReport exportReport = new RdbExporter(codec, 16)
                    .run(data.resolve("dump.sealed"), exported.resolve("dump.rdb"), version, false);
            assertThat(exportReport.keys()).isEqualTo(report.keys());
            assertThat(Files.getPosixFilePermissions(exported.resolve("dump.rdb")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (RedisServerProcess redis = RedisServerProcess.startIn(exported, "--dbfilename", "dump.rdb");
                 Jedis jedis = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                assertThat(KeyspaceModel.read(jedis, 16)).as("Redis loading the exported RDB %d", version)
                        .isEqualTo(original);
            }
        }
    }

    private SealedKvServer startSealedKv(Path data) throws InterruptedException {
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\ndir " + data + "\n");
        return SealedKvServer.start(config, codec);
    }

    /** Every encoding Redis 7.0 has, small and large, binary keys and values, several databases, TTLs. */
    static void populate(Jedis jedis) {
        jedis.set("s:embstr", "hello-world-value");
        jedis.set("s:int", "12345");
        jedis.set("s:neg", "-7");
        jedis.set("s:int64", "4000000000");
        jedis.set("s:empty", "");
        jedis.set("s:lzf".getBytes(StandardCharsets.US_ASCII), LZF_TEXT);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        jedis.set(new byte[] {0, (byte) 0xFF, 'k'}, all);
        jedis.rpush("l:small", "a", "1", "b", "-300", "70000");
        List<String> middle = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            middle.add("element-in-the-middle-" + i);
        }
        jedis.rpush("l:big", middle.toArray(String[]::new));
        jedis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "QUICKLIST-PACKED-THRESHOLD", "1000");
        jedis.rpush("l:plain", "short", "P".repeat(3000), "tail");
        jedis.rpush("l:binary".getBytes(StandardCharsets.US_ASCII), all, new byte[0], new byte[] {0});
        jedis.hset("h:small", Map.of("f1", "v1", "f2", "2"));
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            fields.put("field" + i, "value" + i);
        }
        jedis.hset("h:big", fields);
        jedis.hset("h:longvalue", Map.of("f", "V".repeat(100)));
        jedis.hset("h:binary".getBytes(StandardCharsets.US_ASCII), all, all);
        jedis.sadd("st:int", "3", "1", "2", "-5");
        List<String> ints = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            ints.add(Integer.toString(i * 7));
        }
        jedis.sadd("st:bigint", ints.toArray(String[]::new));
        jedis.sadd("st:str", "x", "y", "z");
        jedis.zadd("z:small", Map.of("a", 1.0, "b", 2.5, "c", Double.NEGATIVE_INFINITY, "d", Double.POSITIVE_INFINITY,
                "e", 0.1));
        Map<String, Double> members = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            members.put("m" + i, i / 3.0);
        }
        jedis.zadd("z:big", members);
        jedis.zadd("z:longmember", 1, "M".repeat(100));
        jedis.pexpireAt("s:embstr", FAR_FUTURE_MS);
        jedis.expire("l:big", 100_000);
        jedis.pexpireAt("h:big", FAR_FUTURE_MS + 1);
        jedis.pexpireAt("z:small", FAR_FUTURE_MS + 2);
        jedis.select(1);
        jedis.set("db1:key", "one");
        jedis.sadd("db1:set", "a", "b");
        jedis.pexpireAt("db1:set", FAR_FUTURE_MS);
        jedis.select(15);
        jedis.set("s:embstr", "same name, other database");
        jedis.select(0);
    }

    private static Set<String> encodings(Jedis jedis) {
        Set<String> seen = new HashSet<>();
        for (String key : jedis.keys("*")) {
            seen.add(jedis.objectEncoding(key));
        }
        return seen;
    }
}
