package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * BGSAVE while 4 clients write: every write acknowledged before BGSAVE was sent is in the file, none
 * sent after its reply is, a key overwritten after the reply is in the file as it was, and the server
 * answered every client throughout.
 */
class BackgroundSaveIT {
    private static final int CLIENTS = 4;
    @TempDir
    Path dir;
    private SnapshotServers servers;

    @BeforeEach
    void start() {
        servers = new SnapshotServers(dir);
        servers.start();
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void snapshotFilesAreReadableByTheirOwnerOnly() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "v");
            assertThat(jedis.save()).isEqualTo("OK");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(servers.file()))).isEqualTo("rw-------");
            jedis.set("k", "w");
            assertThat(jedis.bgsave()).isEqualTo("Background saving started");
            Await.until(Duration.ofSeconds(30), () -> jedis.info("persistence").contains("rdb_bgsave_in_progress:0"));
            assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(servers.file()))).isEqualTo("rw-------");
        }
    }

    /** Inside EXEC (which holds the keyspace lock) BGSAVE is scheduled, then runs: no lock taken in the wrong order. */
    @Test
    void bgsaveInsideExecIsScheduledAndThenSaves() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "scheduled");
            assertThat(servers.file()).doesNotExist();
            try (RawClient raw = new RawClient(servers.server().port())) {
                assertThat(raw.send("MULTI\r\nBGSAVE\r\nEXEC\r\n").read().text())
                        .isEqualTo("+OK\r\n+QUEUED\r\n*1\r\n+Background saving scheduled\r\n");
            }
            Await.until(Duration.ofSeconds(30), () -> jedis.info("persistence").contains("rdb_bgsave_in_progress:0")
                    && Files.exists(servers.file()));
            assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
        }
    }

    @Test
    void bgsaveIsAPointInTimeWhileFourClientsKeepWriting() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 100_000; i++) {
                pipeline.set("preload:" + i, "value-" + i);
            }
            pipeline.sync();
            jedis.set("pit", "old");
        }
        AtomicLong[] acked = new AtomicLong[CLIENTS];
        AtomicLong maxLatencyNanos = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            acked[t] = new AtomicLong(-1);
            int client = t;
            Thread writer = new Thread(() -> write(client, acked[client], maxLatencyNanos, failure));
            writers.add(writer);
            writer.start();
        }
        long[] before = new long[CLIENTS];
        long[] atReply = new long[CLIENTS];
        try (Jedis jedis = servers.jedis()) {
            Await.until(Duration.ofSeconds(30), () -> minimum(acked) >= 200);
            for (int t = 0; t < CLIENTS; t++) {
                before[t] = acked[t].get();
            }
            assertThat(jedis.bgsave()).isEqualTo("Background saving started");
            for (int t = 0; t < CLIENTS; t++) {
                atReply[t] = acked[t].get();
            }
            jedis.set("pit", "new");
            servers.server().persistence().awaitBackground();
            long[] afterSave = new long[CLIENTS];
            for (int t = 0; t < CLIENTS; t++) {
                afterSave[t] = acked[t].get();
            }
            Await.until(Duration.ofSeconds(30), () -> {
                for (int t = 0; t < CLIENTS; t++) {
                    if (acked[t].get() < afterSave[t] + 50) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
        } finally {
            writers.forEach(Thread::interrupt);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        assertThat(failure.get()).as("every client was answered").isNull();
        assertThat(Duration.ofNanos(maxLatencyNanos.get())).isLessThan(Duration.ofSeconds(5));
        Keyspace file = servers.loadFile();
        Database db = file.database(0);
        file.lock().lock();
        try {
            for (int t = 0; t < CLIENTS; t++) {
                for (long n = 0; n <= before[t]; n++) {
                    assertThat(file.lookupRead(db, key(t, n))).as("client %d write %d", t, n).isNotNull();
                }
                assertThat(file.lookupRead(db, key(t, atReply[t] + 2))).isNull();
            }
            Entry pit = file.lookupRead(db, bytes("pit"));
            assertThat(servers.codec().open(SealContext.of(db.id(), bytes("pit")), (byte[]) pit.value()))
                    .isEqualTo(bytes("old"));
            assertThat(db.size()).isGreaterThanOrEqualTo(100_001);
        } finally {
            file.lock().unlock();
        }
    }

    private void write(int client, AtomicLong acked, AtomicLong maxLatency, AtomicReference<Throwable> failure) {
        try (Jedis jedis = servers.jedis()) {
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                long start = System.nanoTime();
                jedis.set(key(client, n), bytes("v" + n));
                long latency = System.nanoTime() - start;
                maxLatency.accumulateAndGet(latency, Math::max);
                acked.set(n);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private static long minimum(AtomicLong[] values) {
        long min = Long.MAX_VALUE;
        for (AtomicLong value : values) {
            min = Math.min(min, value.get());
        }
        return min;
    }

    private static byte[] key(int client, long n) {
        return bytes("client:" + client + ":" + n);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
