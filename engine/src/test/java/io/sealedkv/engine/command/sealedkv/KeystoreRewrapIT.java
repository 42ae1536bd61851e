package io.sealedkv.engine.command.sealedkv;

import static io.sealedkv.engine.command.sealedkv.Admin.awaitRewrap;
import static io.sealedkv.engine.command.sealedkv.Admin.info;
import static io.sealedkv.engine.command.sealedkv.Admin.send;
import static io.sealedkv.engine.command.sealedkv.Admin.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

/**
 * The whole life of a key version with a file keystore: values sealed under version 1, rotation in
 * the running server, reload of the file, rewrap, save, version 1 destroyed in the file while the
 * server is stopped, restart on the same data: everything still opens. Without the rewrap the same
 * restart is refused, which shows the test can fail.
 */
class KeystoreRewrapIT {
    @TempDir
    Path dir;

    private Map<String, String> keystoreSettings() {
        return Map.of("path", dir.resolve("keys.sks").toString(), "passphrase-file",
                dir.resolve("passphrase").toString(), "create", "true", "kdf-log2n", "10");
    }

    private SealedKvServer start(ServerKeystore keystore) throws InterruptedException {
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + dir);
        return SealedKvServer.start(config, new SealingValueCodec(keystore), keystore);
    }

    private ServerKeystore openKeystore() throws Exception {
        Path passphrase = dir.resolve("passphrase");
        if (!Files.exists(passphrase)) {
            Files.createFile(passphrase, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passphrase, "correct horse battery staple");
        }
        return ServerKeystore.reloadable(() -> Keystores.open("file", keystoreSettings()));
    }

    private void writeData(Jedis jedis) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 2000; i++) {
            pipeline.set("s" + i, "value-" + i);
        }
        for (int i = 0; i < 300; i++) {
            pipeline.hset("hash", "f" + i, "v" + i);
            pipeline.sadd("set", "m" + i);
            pipeline.zadd("zset", i, "m" + i);
            pipeline.rpush("list", "e" + i);
        }
        pipeline.sadd("small", "a", "b");
        pipeline.sync();
    }

    private void assertData(Jedis jedis) {
        for (int i = 0; i < 2000; i++) {
            assertThat(jedis.get("s" + i)).isEqualTo("value-" + i);
        }
        assertThat(jedis.hget("hash", "f299")).isEqualTo("v299");
        assertThat(jedis.hlen("hash")).isEqualTo(300);
        assertThat(jedis.sismember("set", "m1")).isTrue();
        assertThat(jedis.zscore("zset", "m7")).isEqualTo(7.0);
        assertThat(jedis.lrange("list", 0, 1)).containsExactly("e0", "e1");
        assertThat(jedis.smembers("small")).isEqualTo(Set.of("a", "b"));
    }

    /** Rotates in the running server, reloads the file, optionally rewraps, saves and stops. */
    private void rotateAndSave(boolean rewrap) throws Exception {
        ServerKeystore keystore = openKeystore();
        SealedKvServer server = start(keystore);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            writeData(jedis);
            assertThat(send(jedis, "KEYSTORE", "ROTATE")).isEqualTo(2L);
            assertThat(text(send(jedis, "KEYSTORE", "RELOAD"))).isEqualTo("OK");
            Map<String, String> fields = info(jedis);
            assertThat(fields).containsEntry("key_primary_version", "2");
            assertThat(fields.get("key_version_1")).startsWith("state=decrypt_only,keys=2005,");
            jedis.set("after-reload", "sealed under 2");
            assertThat(info(jedis).get("key_version_2")).startsWith("state=primary,keys=1,");
            if (rewrap) {
                send(jedis, "REWRAP");
                assertThat(awaitRewrap(server, Duration.ofMinutes(2))).isEqualTo("done");
                assertThat(info(jedis).get("key_version_1")).startsWith("state=decrypt_only,keys=0,");
            }
            assertData(jedis);
            assertThat(jedis.save()).isEqualTo("OK");
        } finally {
            server.close();
            keystore.close();
        }
        try (Keystore offline = Keystores.open("file", keystoreSettings())) {
            offline.destroy(1);
            assertThat(offline.versions().get(0).state()).isEqualTo(KeyState.DESTROYED);
        }
    }

    @Test
    void rotateReloadRewrapDestroyAndRestartLosesNothing() throws Exception {
        rotateAndSave(true);
        ServerKeystore keystore = openKeystore();
        SealedKvServer server = start(keystore);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            assertData(jedis);
            assertThat(jedis.get("after-reload")).isEqualTo("sealed under 2");
            Map<String, String> fields = info(jedis);
            assertThat(fields.get("key_version_1")).startsWith("state=destroyed,keys=0,seals=");
            assertThat(fields.get("key_version_2")).startsWith("state=primary,keys=2006,");
        } finally {
            server.close();
            keystore.close();
        }
    }

    @Test
    void withoutRewrapTheRestartIsRefusedAfterTheDestroy() throws Exception {
        rotateAndSave(false);
        ServerKeystore keystore = openKeystore();
        try {
            assertThatThrownBy(() -> start(keystore)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refusing to start with the snapshot");
        } finally {
            keystore.close();
        }
    }

    @Test
    void aKeystoreFileThatCannotBeWrittenIsNamedNotAnInternalError() throws Exception {
        ServerKeystore keystore = openKeystore();
        SealedKvServer server = start(keystore);
        Path file = dir.resolve("keys.sks");
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            Files.delete(file);
            Files.createDirectories(file.resolve("in-the-way"));
            assertThatThrownBy(() -> jedis.set("k", "v"))
                    .hasMessage("ERR keystore error (IO_ERROR): see the server log");
            assertThat(jedis.exists("k")).isFalse();
        } finally {
            server.close();
            keystore.close();
        }
    }

    /**
     * review-20c F4: deleting and expiring open nothing, so an operator can still free memory without keys;
     * review-20b R6: a rotation without keys said "internal error".
     */
    @Test
    void withoutKeysTheCommandsThatNeitherSealNorOpenStillRunAndRotateSaysWhy() throws Exception {
        ServerKeystore keystore = openKeystore();
        SealedKvServer server = start(keystore);
        Path passphrase = dir.resolve("passphrase");
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            jedis.mset("a", "1", "b", "2", "c", "3", "d", "4");
            jedis.rpush("list", "x");
            Files.writeString(passphrase, "wrong passphrase");
            assertThatThrownBy(() -> send(jedis, "KEYSTORE", "RELOAD")).hasMessageStartingWith("ERR keystore reload");
            assertThat(jedis.del("a")).isEqualTo(1);
            assertThat(jedis.unlink("b")).isEqualTo(1);
            assertThat(jedis.expire("c", 100)).isEqualTo(1);
            assertThat(jedis.persist("c")).isEqualTo(1);
            assertThat(jedis.pexpireAt("c", 1)).isEqualTo(1);
            Transaction transaction = jedis.multi();
            transaction.del("d");
            assertThat(transaction.exec()).containsExactly(1L);
            assertThatThrownBy(() -> jedis.rename("list", "other")).hasMessageStartingWith("ERR no data keys");
            assertThat(jedis.exists("list")).isTrue();
            assertThat(jedis.type("list")).isEqualTo("list");
            assertThat(jedis.ttl("list")).isEqualTo(-1);
            assertThatThrownBy(() -> jedis.lrange("list", 0, -1)).hasMessageStartingWith("ERR no data keys");
            Pipeline gets = jedis.pipelined();
            gets.get("a");
            gets.get("b");
            assertThat(gets.syncAndReturnAll()).allSatisfy(reply -> assertThat(reply.toString())
                    .contains("no data keys"));
            assertThatThrownBy(() -> jedis.append("e", "x")).hasMessageStartingWith("ERR no data keys");
            Transaction popping = jedis.multi();
            popping.del("list");
            popping.rpop("list");
            assertThatThrownBy(popping::exec).hasMessageStartingWith("EXECABORT");
            assertThat(jedis.llen("list")).isEqualTo(1);
            assertThat(jedis.flushAll()).isEqualTo("OK");
            assertThat(jedis.dbSize()).isZero();
            jedis.configSet("save", "1 1"); // a save point reached: a save now could not seal its file
            Thread.sleep(2500);
            assertThat(jedis.ping()).as("no failed background save, no MISCONF").isEqualTo("PONG");
            assertThat(jedis.del("a")).isZero();
            jedis.configSet("save", "");
            assertThatThrownBy(() -> send(jedis, "KEYSTORE", "ROTATE")).hasMessage(
                    "ERR no data keys: the last SEALEDKV KEYSTORE RELOAD failed; rotate once a reload succeeds");
            Files.writeString(passphrase, "correct horse battery staple");
            assertThat(text(send(jedis, "KEYSTORE", "RELOAD"))).isEqualTo("OK");
            assertThat(send(jedis, "KEYSTORE", "ROTATE")).isEqualTo(2L);
        } finally {
            server.close();
            keystore.close();
        }
    }

    @Test
    void aFailedReloadIsReportedAndTheNextOneRecovers() throws Exception {
        ServerKeystore keystore = openKeystore();
        SealedKvServer server = start(keystore);
        Path passphrase = dir.resolve("passphrase");
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            jedis.set("k", "v");
            jedis.rpush("list", "a", "b");
            Jedis queued = new Jedis("127.0.0.1", server.port(), 60_000);
            Transaction transaction = queued.multi();
            transaction.rpop("list");
            Files.writeString(passphrase, "wrong passphrase");
            assertThatThrownBy(() -> send(jedis, "KEYSTORE", "RELOAD"))
                    .hasMessageStartingWith("ERR keystore reload failed (WRONG_PASSPHRASE)");
            assertThatThrownBy(() -> jedis.get("k")).hasMessageStartingWith("ERR no data keys");
            assertThatThrownBy(() -> jedis.rpop("list")).hasMessageStartingWith("ERR no data keys");
            Pipeline pipeline = jedis.pipelined();
            pipeline.rpop("list");
            pipeline.rpop("list");
            assertThat(pipeline.syncAndReturnAll()).allSatisfy(reply -> assertThat(reply.toString())
                    .contains("no data keys"));
            assertThatThrownBy(transaction::exec).hasMessageStartingWith("EXECABORT");
            queued.close();
            assertThat(jedis.llen("list")).isEqualTo(2);
            assertThat(server.saveForShutdown()).as("a save without keys fails, it does not throw").isFalse();
            assertThat(server.clientPause().paused()).isFalse();
            assertThat(info(jedis)).containsEntry("key_primary_version", "-1").containsEntry("key_versions", "1");
            Files.writeString(passphrase, "correct horse battery staple");
            assertThat(text(send(jedis, "KEYSTORE", "RELOAD"))).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("v");
        } finally {
            server.close();
            keystore.close();
        }
    }
}
