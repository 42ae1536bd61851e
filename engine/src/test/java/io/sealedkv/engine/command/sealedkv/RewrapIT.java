package io.sealedkv.engine.command.sealedkv;

import static io.sealedkv.engine.command.sealedkv.Admin.awaitRewrap;
import static io.sealedkv.engine.command.sealedkv.Admin.keysUnder;
import static io.sealedkv.engine.command.sealedkv.Admin.send;
import static io.sealedkv.engine.command.sealedkv.Admin.versionsStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keys.CountingCodec;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotReader;
import io.sealedkv.engine.testing.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/** SEALEDKV REWRAP while clients write, flush and expire keys, and while a BGSAVE runs. */
class RewrapIT {
    private static final int WRITERS = 4;
    private static final int PRELOADED = 20_000;
    private TestServer server;
    private Jedis jedis;

    @BeforeEach
    void start() {
        server = TestServer.start();
        jedis = new Jedis("127.0.0.1", server.port(), 60_000);
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private void preload() {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < PRELOADED; i++) {
            pipeline.set("pre:" + i, "value-" + i);
        }
        for (int i = 0; i < 200; i++) {
            pipeline.hset("pre-hash", "f" + i, "v" + i);
            pipeline.sadd("pre-set", "m" + i);
            pipeline.zadd("pre-zset", i, "m" + i);
            pipeline.rpush("pre-list", "e" + i);
        }
        pipeline.select(1);
        for (int i = 0; i < PRELOADED; i++) {
            pipeline.set("flushed:" + i, "x" + i);
        }
        pipeline.select(0);
        pipeline.sync();
    }

    @Test
    void rewrapWhileFourClientsWriteLeavesEverythingReadableUnderTheNewVersion() throws Exception {
        preload();
        send(jedis, "KEYSTORE", "ROTATE");
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicLong slowest = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        List<Future<Map<String, String>>> writers = new ArrayList<>();
        send(jedis, "REWRAP", "START");
        for (int t = 0; t < WRITERS; t++) {
            int writer = t;
            writers.add(pool.submit(() -> write(writer, slowest, operations)));
        }
        Future<?> flusher = pool.submit(() -> {
            try (Jedis client = server.jedis()) {
                client.select(1);
                client.flushDB();
            }
        });
        flusher.get();
        List<Map<String, String>> models = new ArrayList<>();
        for (Future<Map<String, String>> writer : writers) {
            models.add(writer.get());
        }
        pool.shutdown();
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(3))).isEqualTo("done");

        assertThat(operations.get()).isGreaterThan(WRITERS * 200L);
        assertThat(slowest.get()).as("slowest reply while rewrapping, ms").isLessThan(5_000);
        for (Map<String, String> model : models) {
            model.forEach((key, value) -> assertThat(jedis.get(key)).as(key).isEqualTo(value));
        }
        for (int i = 0; i < PRELOADED; i += 97) {
            assertThat(jedis.get("pre:" + i)).isEqualTo("value-" + i);
        }
        assertThat(jedis.hget("pre-hash", "f199")).isEqualTo("v199");
        assertThat(jedis.scard("pre-set")).isEqualTo(200);
        assertThat(jedis.zscore("pre-zset", "m3")).isEqualTo(3.0);
        assertThat(jedis.lindex("pre-list", 150)).isEqualTo("e150");
        assertThat(versionsStored(server.server())).containsExactly(2);
        assertThat(keysUnder(jedis, 1)).isZero();
        assertEveryValueOpens(server.server().keyspace(), server.server().codec());
    }

    @Test
    void rewrapKeysPerSecondBoundsTheRateAndCanBeLiftedWhileItRuns() throws Exception {
        writeThenRotate("paced:", 1_000);
        jedis.configSet("rewrap-keys-per-second", "200");
        long started = System.nanoTime();
        send(jedis, "REWRAP", "START");
        Thread.sleep(1_000);
        long resealed = server.server().rewrap().resealed();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(server.server().rewrap().running()).isTrue();
        assertThat(resealed).as("resealed after %.2f s at 200 keys/s", seconds)
                .isLessThanOrEqualTo((long) (200 * seconds) + 128);
        jedis.configSet("rewrap-keys-per-second", "0");
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(1))).isEqualTo("done");
        assertThat(keysUnder(jedis, 1)).isZero();
        assertThat(jedis.get("paced:999")).isEqualTo("value-999");
    }

    @Test
    void rewrapKeysPerSecondRefusesWhatIsNotACountAndKeepsItsValue() {
        for (String bad : new String[] {"-1", "abc", "2147483648"}) {
            assertThatThrownBy(() -> jedis.configSet("rewrap-keys-per-second", bad))
                    .hasMessageStartingWith("ERR CONFIG SET failed (possibly related to argument 'rewrap-keys-per-second')");
        }
        assertThat(jedis.configGet("rewrap-keys-per-second")).containsEntry("rewrap-keys-per-second", "0");
    }

    @Test
    void stopEndsAPacedRewrapThatIsWaiting() throws Exception {
        writeThenRotate("slow:", 500);
        jedis.configSet("rewrap-keys-per-second", "1");
        send(jedis, "REWRAP", "START");
        send(jedis, "REWRAP", "STOP");

        assertThat(awaitRewrap(server.server(), Duration.ofSeconds(30))).isEqualTo("stopped");
        assertThat(server.server().rewrap().resealed()).as("about one step of 64 keys (whole buckets)").isLessThan(128);
    }

    /** Writes {@code count} keys under the current primary, then makes another version the primary. */
    private void writeThenRotate(String prefix, int count) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < count; i++) {
            pipeline.set(prefix + i, "value-" + i);
        }
        pipeline.sync();
        send(jedis, "KEYSTORE", "ROTATE");
    }

    /** Writes, overwrites, deletes and expires keys of its own; returns what each key must hold now. */
    private Map<String, String> write(int writer, AtomicLong slowest, AtomicLong operations) {
        Map<String, String> model = new HashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Jedis client = new Jedis("127.0.0.1", server.port(), 30_000)) {
            int round = 0;
            while (round < 300 || server.server().rewrap().running()) {
                String key = "w" + writer + ":" + random.nextInt(500);
                long started = System.nanoTime();
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        String value = "r" + round + "-" + random.nextLong();
                        client.set(key, value);
                        model.put(key, value);
                    }
                    case 2 -> {
                        client.del(key);
                        model.remove(key);
                    }
                    case 3 -> {
                        client.set(key, "short-lived", SetParams.setParams().px(1));
                        model.remove(key);
                    }
                    case 4 -> client.hset("pre-hash", "w" + writer, "r" + round);
                    default -> {
                        String expected = "value-" + random.nextInt(PRELOADED);
                        assertThat(client.get("pre:" + expected.substring(6))).isEqualTo(expected);
                    }
                }
                slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                operations.incrementAndGet();
                round++;
            }
        }
        return model;
    }

    @Test
    void rewrapAndBgsaveTogetherGiveAConsistentSnapshot() throws Exception {
        preload();
        send(jedis, "KEYSTORE", "ROTATE");
        send(jedis, "REWRAP");
        assertThat(jedis.bgsave()).isEqualTo("Background saving started");
        for (int i = 0; i < 200; i++) {
            jedis.hset("pre-hash", "f" + i, "changed-" + i);
            jedis.set("pre:" + i, "changed-" + i);
        }
        server.server().persistence().awaitBackground();
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(3))).isEqualTo("done");
        assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
        Keyspace loaded = load();
        assertThat(loaded.database(0).size()).isEqualTo(PRELOADED + 4);
        assertEveryValueOpens(loaded, server.server().codec());

        assertThat(jedis.save()).isEqualTo("OK");
        Keyspace after = load();
        assertThat(after.keyVersionCounts()).containsOnlyKeys(2);
        assertEveryValueOpens(after, server.server().codec());
    }

    private Keyspace load() throws Exception {
        Keyspace keyspace = new Keyspace(16);
        try (InputStream in = Files.newInputStream(server.server().persistence().file())) {
            SnapshotReader.load(in, server.server().codec(), keyspace, false);
        }
        return keyspace;
    }

    /** Opens every string and every sealed element or block: each must verify under its own context. */
    static void assertEveryValueOpens(Keyspace keyspace, CountingCodec codec) {
        keyspace.lock().lock();
        try {
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                Database db = keyspace.database(i);
                for (Entry entry : keyspace.entries(db)) {
                    if (entry.value() instanceof byte[] sealed) {
                        byte[] plaintext = codec.open(SealContext.of(db.id(), entry.key()), sealed);
                        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isNotEmpty();
                    } else {
                        CollectionValue collection = (CollectionValue) entry.value();
                        ElementSealer sealer = ElementSealer.of(codec, collection);
                        collection.forEachSealed(sealer::open);
                    }
                }
            }
        } finally {
            keyspace.lock().unlock();
        }
    }
}
