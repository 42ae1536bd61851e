package io.sealedkv.engine.command.sealedkv;

import static io.sealedkv.engine.command.sealedkv.Admin.awaitRewrap;
import static io.sealedkv.engine.command.sealedkv.Admin.info;
import static io.sealedkv.engine.command.sealedkv.Admin.keysUnder;
import static io.sealedkv.engine.command.sealedkv.Admin.send;
import static io.sealedkv.engine.command.sealedkv.Admin.text;
import static io.sealedkv.engine.command.sealedkv.Admin.versionsStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** SEALEDKV KEYSTORE, SEALEDKV REWRAP and INFO sealedkv against a server with a memory keystore. */
class SealedKvCommandsIT {
    private TestServer server;
    private Jedis jedis;

    @BeforeEach
    void start() {
        server = TestServer.start();
        jedis = server.jedis();
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    @Test
    void wrongArgumentsGetRedisStyleErrors() {
        assertThatThrownBy(() -> send(jedis)).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR wrong number of arguments for 'sealedkv' command");
        assertThatThrownBy(() -> send(jedis, "nope")).hasMessage("ERR unknown subcommand 'nope'. Try SEALEDKV HELP.");
        assertThatThrownBy(() -> send(jedis, "keystore")).hasMessage(
                "ERR wrong number of arguments for 'sealedkv|keystore' command");
        assertThatThrownBy(() -> send(jedis, "keystore", "reload", "now")).hasMessage(
                "ERR wrong number of arguments for 'sealedkv|keystore' command");
        assertThatThrownBy(() -> send(jedis, "keystore", "spin")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> send(jedis, "rewrap", "faster")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> send(jedis, "rewrap", "status", "now")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> send(jedis, "rewrap", "stop")).hasMessage("ERR No rewrap in progress");
        assertThatThrownBy(() -> send(jedis, "help", "me")).hasMessage(
                "ERR wrong number of arguments for 'sealedkv|help' command");
    }

    @Test
    void keystoreReloadIsRefusedForTheMemoryProvider() {
        assertThatThrownBy(() -> send(jedis, "KEYSTORE", "RELOAD"))
                .hasMessage("ERR the keystore provider of this server cannot be reloaded");
        jedis.set("still", "served");
        assertThat(jedis.get("still")).isEqualTo("served");
    }

    @Test
    void helpListsTheSubcommands() {
        @SuppressWarnings("unchecked")
        List<Object> lines = (List<Object>) send(jedis, "HELP");
        assertThat(lines.stream().map(Admin::text)).contains("KEYSTORE RELOAD", "KEYSTORE ROTATE",
                "REWRAP [START|STATUS|STOP]");
    }

    @Test
    void sealedkvIsAnAdminCommand() {
        List<?> info = (List<?>) jedis.sendCommand(() -> "COMMAND".getBytes(), "INFO", "sealedkv");
        List<?> subcommands = (List<?>) ((List<?>) info.get(0)).get(9);
        assertThat(subcommands).hasSize(3);
        for (Object sub : subcommands) {
            List<?> fields = (List<?>) sub;
            String name = text(fields.get(0));
            List<String> flags = ((List<?>) fields.get(2)).stream().map(Admin::text).toList();
            if (name.equals("sealedkv|help")) {
                assertThat(flags).doesNotContain("admin");
            } else {
                assertThat(flags).as(name).contains("admin");
            }
        }
    }

    @Test
    void rotateRepliesWithTheNewPrimaryAndSealsGoUnderIt() {
        jedis.set("before", "v1");
        assertThat(send(jedis, "KEYSTORE", "ROTATE")).isEqualTo(2L);
        jedis.set("after", "v2");
        Map<String, String> fields = info(jedis);
        assertThat(fields).containsEntry("key_primary_version", "2").containsEntry("key_versions", "2");
        assertThat(fields.get("key_version_1")).startsWith("state=decrypt_only,keys=1,");
        assertThat(fields.get("key_version_2")).startsWith("state=primary,keys=1,");
        assertThat(jedis.get("before")).isEqualTo("v1");
    }

    @Test
    void infoSealedkvCountsSealsOpensAndCompression() {
        Map<String, String> before = info(jedis);
        jedis.set("k", "x".repeat(1000));
        jedis.get("k");
        Map<String, String> after = info(jedis);
        assertThat(Long.parseLong(after.get("codec_seals"))).isEqualTo(Long.parseLong(before.get("codec_seals")) + 1);
        assertThat(Long.parseLong(after.get("codec_opens"))).isEqualTo(Long.parseLong(before.get("codec_opens")) + 1);
        long in = Long.parseLong(after.get("codec_compression_in_bytes"))
                - Long.parseLong(before.get("codec_compression_in_bytes"));
        long out = Long.parseLong(after.get("codec_compression_out_bytes"))
                - Long.parseLong(before.get("codec_compression_out_bytes"));
        assertThat(in).isEqualTo(1000);
        assertThat(out).isLessThan(100);
        assertThat(Double.parseDouble(after.get("codec_compression_ratio"))).isGreaterThan(1.0);
        assertThat(jedis.info()).contains("# Sealedkv\r\n");
        assertThat(jedis.info("everything")).contains("# Sealedkv\r\n");
        assertThat(jedis.info("server")).doesNotContain("# Sealedkv");
    }

    @Test
    void keysPerVersionFollowSetsDeletesExpiryFlushAndSwap() throws Exception {
        for (int i = 0; i < 10; i++) {
            jedis.set("s" + i, "v" + i);
        }
        jedis.hset("h", "f", "v");
        jedis.sadd("set", "a", "b");
        jedis.rpush("list", "a");
        jedis.zadd("z", 1, "m");
        assertThat(keysUnder(jedis, 1)).isEqualTo(14);
        jedis.del("s0", "h");
        assertThat(keysUnder(jedis, 1)).isEqualTo(12);
        jedis.set("s1", "overwritten");
        jedis.append("s2", "more");
        jedis.pexpire("s3", 1);
        Thread.sleep(5);
        assertThat(jedis.get("s3")).isNull();
        assertThat(keysUnder(jedis, 1)).isEqualTo(11);
        jedis.select(1);
        jedis.set("other", "db");
        jedis.swapDB(0, 1);
        assertThat(keysUnder(jedis, 1)).isEqualTo(12);
        jedis.flushDB();
        assertThat(keysUnder(jedis, 1)).isEqualTo(1);
        jedis.flushAll();
        assertThat(keysUnder(jedis, 1)).isZero();
    }

    @Test
    void rewrapBringsStringsAndCollectionsUnderThePrimary() throws Exception {
        for (int i = 0; i < 500; i++) {
            jedis.set("s" + i, "value-" + i);
        }
        jedis.hset("small-hash", Map.of("f1", "v1", "f2", "v2"));
        for (int i = 0; i < 300; i++) {
            jedis.hset("big-hash", "f" + i, "v" + i);
            jedis.sadd("big-set", "m" + i);
            jedis.zadd("big-zset", i, "m" + i);
            jedis.rpush("big-list", "e" + i);
        }
        jedis.sadd("small-set", "a", "b");
        jedis.pexpire("s0", 60_000);
        send(jedis, "KEYSTORE", "ROTATE");
        jedis.hset("big-hash", "added-after-rotation", "x");
        jedis.sadd("small-set", "c");
        assertThat(Admin.anyCollectionMixed(server.server())).isTrue();
        assertThat(keysUnder(jedis, 1)).isEqualTo(506);

        assertThat(text(send(jedis, "REWRAP"))).isEqualTo("Rewrap started");
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(2))).isEqualTo("done");

        assertThat(versionsStored(server.server())).containsExactly(2);
        assertThat(keysUnder(jedis, 1)).isZero();
        assertThat(keysUnder(jedis, 2)).isEqualTo(506);
        Map<String, String> fields = info(jedis);
        assertThat(fields).containsEntry("rewrap_in_progress", "0").containsEntry("rewrap_status", "done")
                .containsEntry("rewrap_remaining", "0").containsEntry("rewrap_target_version", "2");
        assertThat(Long.parseLong(fields.get("rewrap_resealed"))).isEqualTo(506);
        assertThat(Long.parseLong(fields.get("rewrap_scanned"))).isGreaterThanOrEqualTo(506);
        for (int i = 0; i < 500; i++) {
            assertThat(jedis.get("s" + i)).isEqualTo("value-" + i);
        }
        assertThat(jedis.pttl("s0")).isPositive();
        assertThat(jedis.hget("big-hash", "f7")).isEqualTo("v7");
        assertThat(jedis.hget("big-hash", "added-after-rotation")).isEqualTo("x");
        assertThat(jedis.hlen("big-hash")).isEqualTo(301);
        assertThat(jedis.hgetAll("small-hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
        assertThat(jedis.sismember("big-set", "m299")).isTrue();
        assertThat(jedis.smembers("small-set")).isEqualTo(Set.of("a", "b", "c"));
        assertThat(jedis.zscore("big-zset", "m42")).isEqualTo(42.0);
        assertThat(jedis.zrangeByScore("big-zset", 10, 12)).containsExactly("m10", "m11", "m12");
        assertThat(jedis.lrange("big-list", 0, 2)).containsExactly("e0", "e1", "e2");
        assertThat(jedis.lindex("big-list", 299)).isEqualTo("e299");
    }

    @Test
    void rewrapStatusReportsAsAMapAndStartTwiceIsRefused() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            jedis.set("k" + i, "v" + i);
        }
        send(jedis, "KEYSTORE", "ROTATE");
        send(jedis, "REWRAP", "START");
        // A second start while the first runs is refused; if the first already ended it starts again.
        try {
            send(jedis, "REWRAP", "START");
            awaitRewrap(server.server(), Duration.ofMinutes(2));
        } catch (JedisDataException e) {
            assertThat(e).hasMessage("ERR Rewrap already in progress");
        }
        awaitRewrap(server.server(), Duration.ofMinutes(2));
        @SuppressWarnings("unchecked")
        List<Object> status = (List<Object>) send(jedis, "REWRAP", "STATUS");
        assertThat(status.stream().map(Admin::text).toList()).containsSequence("rewrap_in_progress", "0")
                .containsSequence("rewrap_status", "done").containsSequence("rewrap_remaining", "0");
    }

    @Test
    void stopEndsARunningRewrap() throws Exception {
        try (var pipeline = jedis.pipelined()) {
            for (int i = 0; i < 200_000; i++) {
                pipeline.set("k" + i, "v" + i);
            }
        }
        send(jedis, "KEYSTORE", "ROTATE");
        send(jedis, "REWRAP");
        assertThat(text(send(jedis, "REWRAP", "STOP"))).isEqualTo("OK");
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(1))).isEqualTo("stopped");
        assertThat(keysUnder(jedis, 1)).isPositive();
        assertThat(info(jedis)).containsEntry("rewrap_status", "stopped");
        send(jedis, "REWRAP");
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(2))).isEqualTo("done");
        assertThat(keysUnder(jedis, 1)).isZero();
    }

    @Test
    void rewrapWithNothingToDoFinishesAtOnce() throws Exception {
        jedis.set("a", "b");
        send(jedis, "REWRAP");
        assertThat(awaitRewrap(server.server(), Duration.ofSeconds(30))).isEqualTo("done");
        assertThat(info(jedis)).containsEntry("rewrap_resealed", "0").containsEntry("rewrap_scanned", "1");
    }

    @Test
    void aValueUnderADestroyedVersionIsLeftAsItIsAndReported() throws Exception {
        jedis.set("lost", "v1");
        send(jedis, "KEYSTORE", "ROTATE");
        jedis.set("kept", "v2");
        server.keystore().destroy(1);
        send(jedis, "REWRAP");
        assertThat(awaitRewrap(server.server(), Duration.ofMinutes(1)))
                .isEqualTo("incomplete: 1 keys still under older versions");
        Map<String, String> fields = info(jedis);
        assertThat(Long.parseLong(fields.get("rewrap_unreadable"))).isPositive();
        assertThat(fields).containsEntry("rewrap_remaining", "1");
        assertThat(fields.get("key_version_1")).startsWith("state=destroyed,keys=1,");
        assertThat(jedis.get("kept")).isEqualTo("v2");
    }
}
