package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.SealedList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** SAVE, BGSAVE, LASTSAVE, save points and SHUTDOWN over real sockets, and what comes back after a restart. */
class SnapshotRoundTripIT {
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
    void stringsWithTtlsInSeveralDatabasesComeBackAfterSaveAndRestart() {
        byte[] binaryKey = {0, (byte) 0xff, '\r', '\n'};
        byte[] binaryValue = {(byte) 0x80, 0, 1, 2};
        try (Jedis jedis = servers.jedis()) {
            jedis.set("plain", "value");
            jedis.set("big", "x".repeat(100_000));
            jedis.set("empty", "");
            jedis.set("ttl", "soon", SetParams.setParams().px(3_600_000));
            jedis.set(binaryKey, binaryValue);
            jedis.select(3);
            jedis.set("in3", "three");
            jedis.select(0);
            assertThat(jedis.save()).isEqualTo("OK");
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.dbSize()).isEqualTo(5);
            assertThat(jedis.get("plain")).isEqualTo("value");
            assertThat(jedis.get("big")).hasSize(100_000);
            assertThat(jedis.get("empty")).isEmpty();
            assertThat(jedis.get(binaryKey)).isEqualTo(binaryValue);
            assertThat(jedis.pttl("ttl")).isBetween(3_500_000L, 3_600_000L);
            assertThat(jedis.ttl("plain")).isEqualTo(-1);
            jedis.select(3);
            assertThat(jedis.get("in3")).isEqualTo("three");
            assertThat(jedis.info("persistence")).contains("rdb_last_load_keys_loaded:6");
        }
    }

    @Test
    void everyCollectionTypeInBothEncodingsComesBackAfterSaveAndRestart() {
        try (Jedis jedis = servers.jedis()) {
            fillCollections(jedis);
            assertThat(jedis.save()).isEqualTo("OK");
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            checkCollections(jedis);
        }
    }

    /**
     * A list whose edges are slices (nodes some of whose elements were popped off without crypto, as a pop
     * run leaves them when their re-seal is skipped) comes back with exactly its live elements.
     */
    @Test
    void aListWithSlicedEdgesComesBackAfterSaveAndRestart() {
        List<String> model = new ArrayList<>();
        try (Jedis jedis = servers.jedis()) {
            jedis.configSet("list-max-listpack-size", "8");
            for (int i = 0; i < 40; i++) {
                model.add("element-" + i);
            }
            jedis.rpush("l", model.toArray(String[]::new));
            Keyspace keyspace = servers.server().keyspace();
            keyspace.lock().lock();
            try {
                byte[] key = "l".getBytes(StandardCharsets.UTF_8);
                SealedList list = (SealedList) keyspace.lookup(keyspace.database(0), key, Keyspace.NO_STATS).value();
                for (boolean head : new boolean[] {true, false}) {
                    while (!(list.segment(head ? 0 : list.segmentCount() - 1) instanceof ListNode e && e.sliced())) {
                        list.popElement(head);
                        model.remove(head ? 0 : model.size() - 1);
                    }
                }
            } finally {
                keyspace.lock().unlock();
            }
            assertThat(jedis.save()).isEqualTo("OK");
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
            assertThat(jedis.rpoplpush("l", "d")).isEqualTo(model.get(model.size() - 1));
        }
    }

    @Test
    void everyCollectionTypeSurvivesDumpAndRestore() {
        try (Jedis jedis = servers.jedis()) {
            fillCollections(jedis);
            for (String key : java.util.List.of("list", "hash", "bighash", "set", "bigset", "zset", "bigzset")) {
                byte[] payload = jedis.dump(key);
                long ttl = Math.max(0, jedis.pttl(key));
                jedis.del(key);
                assertThat(jedis.restore(key, ttl, payload)).isEqualTo("OK");
            }
            checkCollections(jedis);
        }
    }

    private static void fillCollections(Jedis jedis) {
        jedis.rpush("list", "a", "b", "c");
        jedis.hset("hash", java.util.Map.of("f1", "v1", "f2", "v2"));
        jedis.sadd("set", "m1", "m2", "m3");
        jedis.zadd("zset", java.util.Map.of("x", 1.5, "y", -2.0));
        for (int i = 0; i < 1000; i++) {
            jedis.hset("bighash", "field" + i, "value" + i);
            jedis.sadd("bigset", "member" + i);
            jedis.zadd("bigzset", i, "z" + i);
            jedis.rpush("list", "item" + i);
        }
        for (String key : java.util.List.of("list", "hash", "set", "bigzset")) {
            jedis.pexpire(key, 3_600_000);
        }
    }

    private static void checkCollections(Jedis jedis) {
        assertThat(jedis.llen("list")).isEqualTo(1003);
        assertThat(jedis.lrange("list", 0, 3)).containsExactly("a", "b", "c", "item0");
        assertThat(jedis.lindex("list", -1)).isEqualTo("item999");
        assertThat(jedis.hgetAll("hash")).containsOnly(java.util.Map.entry("f1", "v1"), java.util.Map.entry("f2", "v2"));
        assertThat(jedis.hlen("bighash")).isEqualTo(1000);
        assertThat(jedis.hget("bighash", "field777")).isEqualTo("value777");
        assertThat(jedis.smembers("set")).containsExactlyInAnyOrder("m1", "m2", "m3");
        for (String key : java.util.List.of("list", "hash", "set", "bigzset")) {
            assertThat(jedis.pttl(key)).as(key).isBetween(3_000_000L, 3_600_000L);
        }
        assertThat(jedis.pttl("bighash")).isEqualTo(-1);
        assertThat(jedis.sismember("bigset", "member500")).isTrue();
        assertThat(jedis.scard("bigset")).isEqualTo(1000);
        assertThat(jedis.zscore("zset", "x")).isEqualTo(1.5);
        assertThat(jedis.zrange("zset", 0, -1)).containsExactly("y", "x");
        assertThat(jedis.zrank("bigzset", "z999")).isEqualTo(999);
        assertThat(jedis.objectEncoding("bighash")).isEqualTo("hashtable");
        assertThat(jedis.objectEncoding("bigzset")).isEqualTo("skiplist");
    }

    @Test
    void databasesSwappedBeforeSavingKeepTheirValuesSealedForTheirIds() {
        try (Jedis jedis = servers.jedis()) {
            jedis.set("a", "from-zero");
            jedis.select(1);
            jedis.set("b", "from-one");
            jedis.swapDB(0, 1);
            jedis.save();
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.get("b")).isEqualTo("from-one");
            jedis.select(1);
            assertThat(jedis.get("a")).isEqualTo("from-zero");
            jedis.set("c", "new in one");
            assertThat(jedis.get("c")).isEqualTo("new in one");
            jedis.swapDB(0, 1);
            assertThat(jedis.get("b")).isEqualTo("from-one");
            jedis.select(0);
            assertThat(jedis.get("a")).isEqualTo("from-zero");
            assertThat(jedis.get("c")).isEqualTo("new in one");
        }
    }

    @Test
    void keysExpiredByTheTimeOfTheLoadAreSkippedAndCounted() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            jedis.set("short", "v", SetParams.setParams().px(300));
            jedis.set("long", "v");
            jedis.save();
            Await.until(Duration.ofSeconds(5),() -> jedis.pttl("short") < 0);
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.keys("*")).containsExactly("long");
            assertThat(jedis.info("persistence")).contains("rdb_last_load_keys_expired:").contains(
                    "rdb_last_load_keys_loaded:1");
        }
    }

    @Test
    void bgsaveWritesInTheBackgroundAndLastsaveMoves() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            long before = jedis.lastsave();
            jedis.set("k", "v");
            assertThat(jedis.info("persistence")).contains("rdb_changes_since_last_save:1");
            Thread.sleep(1100 - System.currentTimeMillis() % 1000);
            assertThat(jedis.bgsave()).isEqualTo("Background saving started");
            servers.server().persistence().awaitBackground();
            String info = jedis.info("persistence");
            assertThat(info).contains("rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok",
                    "rdb_changes_since_last_save:0", "rdb_saves:1");
            assertThat(jedis.lastsave()).isGreaterThan(before);
            assertThat(new String((byte[]) jedis.sendCommand(Protocol.Command.BGSAVE, "SCHEDULE"),
                    StandardCharsets.UTF_8)).isEqualTo("Background saving started");
            servers.server().persistence().awaitBackground();
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.BGSAVE, "now"))
                    .hasMessage("ERR syntax error");
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void theInfoPersistenceSectionHasRedisFieldNames() {
        try (Jedis jedis = servers.jedis()) {
            String info = jedis.info("persistence");
            for (String field : new String[] {"loading:0", "rdb_changes_since_last_save:", "rdb_bgsave_in_progress:0",
                    "rdb_last_save_time:", "rdb_last_bgsave_status:ok", "rdb_last_bgsave_time_sec:-1",
                    "rdb_current_bgsave_time_sec:-1", "rdb_saves:0", "current_save_keys_total:0", "aof_enabled:0"}) {
                assertThat(info).contains(field);
            }
            assertThat(jedis.lastsave()).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
        }
    }

    @Test
    void aSavePointSavesOnItsOwn() throws Exception {
        servers.restart("save 1 1");
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "v");
            Await.until(Duration.ofSeconds(10),() -> Files.exists(servers.file())
                    && jedis.info("persistence").contains("rdb_changes_since_last_save:0"));
            jedis.configSet("save", "");
            assertThat(jedis.configGet("save")).containsEntry("save", "");
        }
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void shutdownSaveWritesTheFileAndNosaveDoesNotEvenWithSavePoints() throws Exception {
        SealedKvServer server = servers.restart("save 3600 1");
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "v");
            jedis.sendCommand(Protocol.Command.SHUTDOWN, "NOSAVE");
        } catch (Exception expectedWhenTheConnectionCloses) {
            // the server closes the connection instead of replying
        }
        server.awaitTermination();
        assertThat(Files.exists(servers.file())).isFalse();
        server = servers.restart("save 3600 1");
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "v");
            jedis.sendCommand(Protocol.Command.SHUTDOWN);
        } catch (Exception expectedWhenTheConnectionCloses) {
            // as above
        }
        server.awaitTermination();
        assertThat(Files.exists(servers.file())).isTrue();
        server = servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.get("k")).isEqualTo("v");
            jedis.set("k", "changed");
            jedis.sendCommand(Protocol.Command.SHUTDOWN, "SAVE");
        } catch (Exception expectedWhenTheConnectionCloses) {
            // as above
        }
        server.awaitTermination();
        servers.restart();
        try (Jedis jedis = servers.jedis()) {
            assertThat(jedis.get("k")).isEqualTo("changed");
        }
    }

    @Test
    void shutdownThatCannotSaveKeepsTheServerUpUnlessForced() throws Exception {
        try (Jedis jedis = servers.jedis()) {
            jedis.set("k", "v");
            Files.createDirectory(servers.file());
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.SHUTDOWN, "SAVE"))
                    .hasMessage("ERR Errors trying to SHUTDOWN. Check logs.");
            assertThatThrownBy(jedis::save).hasMessage("ERR");
            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void aFailedBackgroundSaveRefusesWritesWithMisconfWhileSavePointsAreSet() throws Exception {
        servers.restart("save 3600 1");
        try (Jedis jedis = servers.jedis()) {
            Files.createDirectory(servers.file());
            jedis.bgsave();
            servers.server().persistence().awaitBackground();
            assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:err");
            assertThatThrownBy(() -> jedis.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("MISCONF ");
            assertThat(jedis.get("k")).isNull();
            jedis.configSet("stop-writes-on-bgsave-error", "no");
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            Files.delete(servers.file());
            jedis.bgsave();
            servers.server().persistence().awaitBackground();
            assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
        }
    }

    @Test
    void theFileHoldsNoKeyNameAndNoValueInClear() throws Exception {
        String keyName = "customer:4711:credit-card";
        String value = "4111-1111-1111-1111 expires 12/29";
        try (Jedis jedis = servers.jedis()) {
            for (int i = 0; i < 200; i++) {
                jedis.set(keyName + i, value + i);
            }
            jedis.set("long", value.repeat(100));
            jedis.save();
        }
        byte[] file = Files.readAllBytes(servers.file());
        String asLatin1 = new String(file, StandardCharsets.ISO_8859_1);
        assertThat(asLatin1).doesNotContain("customer").doesNotContain("4111").doesNotContain("credit")
                .doesNotContain("long");
    }
}
