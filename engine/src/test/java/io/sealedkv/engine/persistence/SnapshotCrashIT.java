package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.ServerMain;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The real server in a child JVM (ServerMain, development keystore in its dir): kill -9 during BGSAVE
 * leaves the previous snapshot loadable; SIGTERM saves when save points are set; a damaged snapshot
 * makes the server refuse to start.
 */
class SnapshotCrashIT {
    @TempDir
    Path dir;
    private Process child;
    private int port;

    @AfterEach
    void kill() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    private Process startChild(String... extra) throws IOException {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("child.log").toFile());
        child = builder.start();
        return child;
    }

    private void awaitReady() throws Exception {
        Await.until(Duration.ofSeconds(60), () -> {
            if (!child.isAlive()) {
                throw new AssertionError("child exited: " + Files.readString(dir.resolve("child.log")));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
                return jedis.ping().equals("PONG");
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The snapshot loaded in this JVM with the child's development keystore. */
    private Keyspace loadSnapshot() throws Exception {
        try (Keystore keystore = Keystores.open("file", Map.of("path", dir.resolve("dev-keystore.sks").toString(),
                "passphrase-file", dir.resolve("dev-keystore.passphrase").toString()));
             InputStream in = Files.newInputStream(dir.resolve("dump.sealed"))) {
            Keyspace keyspace = new Keyspace(16);
            SnapshotReader.load(in, new SealingValueCodec(keystore), keyspace, false);
            return keyspace;
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("temp-")).toList();
        }
    }

    @Test
    void killDashNineDuringBgsaveLeavesThePreviousSnapshotLoadable() throws Exception {
        startChild();
        awaitReady();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 30_000)) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 1000; i++) {
                pipeline.set("gen1:" + i, "v" + i);
            }
            pipeline.sync();
            assertThat(jedis.save()).isEqualTo("OK");
            String value = "x".repeat(300);
            for (int i = 0; i < 150_000; i++) {
                pipeline.set("gen2:" + i, value + i);
            }
            pipeline.sync();
            assertThat(jedis.bgsave()).isEqualTo("Background saving started");
            Await.until(Duration.ofSeconds(30), () -> !tempFiles().isEmpty());
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tempFiles()).as("killed while the temporary file was being written").isNotEmpty();
        assertThat(loadSnapshot().database(0).size()).isEqualTo(1000);
        startChild();
        awaitReady();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            assertThat(jedis.dbSize()).isEqualTo(1000);
            assertThat(jedis.get("gen1:999")).isEqualTo("v999");
        }
    }

    @Test
    void sigtermSavesWhenSavePointsAreSet() throws Exception {
        startChild("--save", "3600 1");
        awaitReady();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            jedis.set("k", "v");
        }
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(loadSnapshot().database(0).size()).isEqualTo(1);
    }

    /**
     * A child with one key, sent SIGTERM while a directory stands where its snapshot goes: the final save
     * fails and the child keeps serving. Returns that directory (delete it, then its parent, to let saves work).
     */
    private Path sigtermWhoseSaveFails() throws Exception {
        startChild("--save", "3600 1");
        awaitReady();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            jedis.set("k", "v");
        }
        Path blocker = dir.resolve("dump.sealed").resolve("blocker");
        Files.createDirectories(blocker);
        child.destroy();
        assertThat(child.waitFor(3, TimeUnit.SECONDS)).isFalse();
        return blocker;
    }

    @Test
    void aSigtermWhoseSaveFailsKeepsServingUntilAShutdownSaves() throws Exception {
        Path blocker = sigtermWhoseSaveFails();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            assertThat(jedis.get("k")).isEqualTo("v");
            Files.delete(blocker);
            Files.delete(blocker.getParent());
            jedis.shutdown();
        } catch (JedisConnectionException expected) {
            // SHUTDOWN closes the connection without a reply
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(loadSnapshot().database(0).size()).isEqualTo(1);
    }

    /** review-20b R4: as Redis 7.0, the next SIGTERM tries the save again and exits once it works. */
    @Test
    void aSecondSigtermSavesAndExitsOnceTheCauseIsGone() throws Exception {
        Path blocker = sigtermWhoseSaveFails();
        Files.delete(blocker);
        Files.delete(blocker.getParent());
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(loadSnapshot().database(0).size()).isEqualTo(1);
    }

    @Test
    void theServerRefusesToStartOnASnapshotThatDoesNotVerify() throws Exception {
        startChild();
        awaitReady();
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            jedis.set("k", "v");
            jedis.save();
        }
        child.destroyForcibly().waitFor();
        Path file = dir.resolve("dump.sealed");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(file, bytes);
        startChild();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("child.log")))
                .contains("Cannot start: refusing to start with the snapshot")
                .contains("authentication failed at segment 0");
    }
}
