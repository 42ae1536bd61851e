package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.engine.testing.TestServer;
import io.sealedkv.keystore.Keystores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** keys list with live counts (from a server and from a snapshot), keys rewrap --wait, monitor. */
class ServerToolsTest {
    @TempDir
    Path dir;

    private KeysFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeysFixture(dir);
    }

    /** The table's rows after the header, split into columns; the header must end with LIVE. */
    private static List<List<String>> liveRows(CliResult result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly("VERSION", "STATE", "CREATED", "SEALS", "LIVE");
        return lines.stream().skip(1).map(line -> List.of(line.trim().split("\\s+"))).toList();
    }

    @Test
    void keysListShowsLiveCountsFromARunningServer() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            for (int i = 0; i < 5; i++) {
                jedis.set("k" + i, "v");
            }
            jedis.sadd("set", "a", "b");
            server.keystore().rotate();
            jedis.set("new", "v");
            String port = Integer.toString(server.port());

            List<List<String>> rows = liveRows(CliResult.run("keys", "list", "--port", port));
            assertThat(rows).extracting(row -> row.get(0)).containsExactly("1", "2");
            assertThat(rows.get(0)).element(1).isEqualTo("DECRYPT_ONLY");
            assertThat(rows.get(0)).last().isEqualTo("6");
            assertThat(rows.get(1)).element(1).isEqualTo("PRIMARY");
            assertThat(rows.get(1)).last().isEqualTo("1");

            CliResult rewrap = CliResult.run("keys", "rewrap", "--wait", "--port", port);
            assertThat(rewrap.exitCode()).as(rewrap.err()).isZero();
            assertThat(rewrap.out()).startsWith("rewrap done: ").contains(" 6 resealed under key version 2");
            assertThat(rewrap.err()).contains("rewrap [##############################] 100% ");

            rows = liveRows(CliResult.run("keys", "list", "--port", port));
            assertThat(rows.get(0)).last().isEqualTo("0");
            assertThat(rows.get(1)).last().isEqualTo("7");
            assertThat(jedis.get("k3")).isEqualTo("v");
        }
    }

    @Test
    void keysRotateThroughARunningServerMakesANewPrimary() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            jedis.set("before", "v");
            String port = Integer.toString(server.port());

            CliResult rotated = CliResult.run("keys", "rotate", "--port", port, "--json");
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            assertThat(rotated.out().trim()).isEqualTo("{\"version\":2}");
            jedis.set("after", "v");

            List<List<String>> rows = liveRows(CliResult.run("keys", "list", "--port", port));
            assertThat(rows.get(1)).element(1).isEqualTo("PRIMARY");
            assertThat(rows.get(0)).last().isEqualTo("1");
            assertThat(rows.get(1)).last().isEqualTo("1");
        }
    }

    @Test
    void aServerCanBeNamedByAUriWithAUserAndPassword() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            jedis.aclSetUser("ops", "on", ">secret", "+@all", "~*");
            jedis.set("k", "v");
            String uri = "redis://ops:secret@127.0.0.1:" + server.port();

            List<List<String>> rows = liveRows(CliResult.run("keys", "list", "-u", uri));
            assertThat(rows.get(0)).last().isEqualTo("1");
            CliResult wrong = CliResult.run("keys", "list", "-u", "redis://ops:nope@127.0.0.1:" + server.port());
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.err()).contains("WRONGPASS");
        }
    }

    @Test
    void keysRotateRefusesAServerAndAKeystoreFileTogether() {
        CliResult both = CliResult.run("keys", "rotate", "--port", "1", "--keystore", dir.resolve("k").toString());
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("give one or the other");
    }

    @Test
    void keysRewrapWithoutWaitOnlyStartsIt() {
        try (TestServer server = TestServer.start()) {
            CliResult started = CliResult.run("keys", "rewrap", "--port", Integer.toString(server.port()));
            assertThat(started.exitCode()).as(started.err()).isZero();
            assertThat(started.out()).isIn("rewrap started\n", "a rewrap was already in progress\n");
        }
    }

    @Test
    void keysListCountsLiveKeysInASnapshotThroughTheEngineReader() throws Exception {
        fixture.init();
        Map<String, String> settings = Map.of("path", fixture.keystore.toString(), "passphrase-file",
                fixture.passphraseFile.toString());
        ServerKeystore keystore = ServerKeystore.reloadable(() -> Keystores.open("file", settings));
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + dir);
        SealedKvServer server = SealedKvServer.start(config, new SealingValueCodec(keystore), keystore);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("a", "1");
            jedis.hset("h", "f", "v");
            keystore.rotate();
            jedis.set("b", "2");
            jedis.select(3);
            jedis.set("c", "3");
            assertThat(jedis.save()).isEqualTo("OK");
        } finally {
            server.close();
            keystore.close();
        }
        Path snapshot = dir.resolve("dump.sealed");

        List<List<String>> rows = liveRows(fixture.keys("list", "--snapshot", snapshot.toString()));
        assertThat(rows).extracting(row -> row.get(0) + ":" + row.get(4)).containsExactly("1:2", "2:2");

        CliResult json = fixture.keys("list", "--snapshot", snapshot.toString(), "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode array = new ObjectMapper().readTree(json.out());
        assertThat(array.get(0).get("liveKeys").asLong()).isEqualTo(2);
        assertThat(array.get(1).get("state").asText()).isEqualTo("PRIMARY");
    }

    @Test
    void keysListRefusesAServerAndAFileTogether() {
        CliResult both = fixture.keys("list", "--port", "1");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("give one or the other");
        CliResult none = CliResult.run("keys", "list");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Missing required option: '--keystore=PATH'");
    }

    @Test
    void monitorPrintsTheRequestedNumberOfSamples() {
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            jedis.set("x", "y");
            server.keystore().rotate();
            CliResult monitor = CliResult.run("monitor", "--port", Integer.toString(server.port()), "--count", "3",
                    "--interval", "0.05");
            assertThat(monitor.exitCode()).as(monitor.err()).isZero();
            List<String> lines = monitor.out().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0).trim().split("\\s+")).containsExactly("time", "ops/s", "clients", "memory",
                    "hit%", "seals/s", "opens/s", "versions");
            for (String line : lines.subList(1, 4)) {
                assertThat(line).matches("\\d\\d:\\d\\d(:\\d\\d)?\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+1:1 2\\*:0");
            }
        }
    }
}
