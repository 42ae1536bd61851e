package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** {@code sealedkv import-rdb} and {@code export-rdb} as a user runs them: exit codes, output, files. */
class RdbMigrationCliTest {
    @TempDir
    Path dir;

    private KeysFixture keys;
    private Path rdb;

    @BeforeEach
    void setUp() throws IOException {
        keys = new KeysFixture(dir);
        keys.init();
        rdb = dir.resolve("dump.rdb");
        try (InputStream in = getClass().getResourceAsStream("/rdb/redis-7.0-v10.rdb")) {
            Files.write(rdb, in.readAllBytes());
        }
    }

    private CliResult run(String command, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = command;
        System.arraycopy(more, 0, args, 1, more.length);
        args[more.length + 1] = "--keystore";
        args[more.length + 2] = keys.keystore.toString();
        args[more.length + 3] = "--passphrase-file";
        args[more.length + 4] = keys.passphraseFile.toString();
        return CliResult.run(args);
    }

    @Test
    void importsThenExportsWithAReportAndAnOwnerOnlyPlaintextFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        CliResult imported = run("import-rdb", rdb.toString(), "--data-dir", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 16 keys").contains("RDB version 10")
                .contains("db0: hash 2, list 3, set 2, string 6, zset 2").contains("db3: string 1");
        assertThat(data.resolve("dump.sealed")).exists();

        Path out = dir.resolve("exported.rdb");
        CliResult exported = run("export-rdb", "--data-dir", data.toString(), "--out", out.toString(), "--json");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("WARNING").contains("IN CLEAR").contains("0600");
        JsonNode report = new ObjectMapper().readTree(exported.out());
        assertThat(report.get("keys").asLong()).isEqualTo(16);
        assertThat(report.get("rdbVersion").asInt()).isEqualTo(10);
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new String(Files.readAllBytes(out), 0, 9, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("REDIS0010");
    }

    @Test
    void importReportsAsJson() throws IOException {
        CliResult imported = run("import-rdb", rdb.toString(), "--out", dir.resolve("x.sealed").toString(), "--json");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(imported.out());
        assertThat(report.get("keys").asLong()).isEqualTo(16);
        assertThat(report.get("databases").get("3").get("string").asLong()).isEqualTo(1);
    }

    @Test
    void aFileWithoutAChecksumIsImportedButSaidToBeUnverified() throws IOException {
        byte[] bytes = Files.readAllBytes(rdb);
        java.util.Arrays.fill(bytes, bytes.length - 8, bytes.length, (byte) 0);
        Files.write(rdb, bytes);
        CliResult imported = run("import-rdb", rdb.toString(), "--out", dir.resolve("x.sealed").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 16 keys")
                .contains("not verified: the RDB file carries no checksum");
        CliResult json = run("import-rdb", rdb.toString(), "--out", dir.resolve("y.sealed").toString(), "--json");
        assertThat(new ObjectMapper().readTree(json.out()).get("checksumVerified").asBoolean()).isFalse();
    }

    @Test
    void aBadRdbFileIsOneLineAndExitCode1AndWritesNothing() throws IOException {
        byte[] bytes = Files.readAllBytes(rdb);
        Files.write(rdb, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = dir.resolve("x.sealed");
        CliResult result = run("import-rdb", rdb.toString(), "--out", out.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err().strip()).startsWith("sealedkv: bad RDB file").contains("truncated").doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void existingTargetsAreReplacedOnlyWithForce() throws IOException {
        Path out = dir.resolve("x.sealed");
        Files.writeString(out, "keep me");
        CliResult refused = run("import-rdb", rdb.toString(), "--out", out.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(Files.readString(out)).isEqualTo("keep me");
        CliResult forced = run("import-rdb", rdb.toString(), "--out", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();

        Path rdbOut = dir.resolve("out.rdb");
        Files.writeString(rdbOut, "keep me");
        CliResult exportRefused = run("export-rdb", out.toString(), "--out", rdbOut.toString());
        assertThat(exportRefused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(Files.readString(rdbOut)).isEqualTo("keep me");
    }

    @Test
    void anExportOfASnapshotCutAfterManySegmentsLeavesNoFileBehind() throws IOException {
        Path data = Files.createDirectories(dir.resolve("big"));
        try (FileKeystoreServer server = FileKeystoreServer.start(data, keys.keystore, keys.passphraseFile);
             Jedis jedis = server.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 20_000; i++) {
                pipeline.set("key:" + i, "value ".repeat(15) + i);
            }
            pipeline.sync();
            jedis.save();
        }
        Path snapshot = data.resolve("dump.sealed");
        byte[] whole = Files.readAllBytes(snapshot);
        Files.write(snapshot, java.util.Arrays.copyOf(whole, whole.length * 3 / 4));
        Path out = Files.createDirectories(dir.resolve("export")).resolve("out.rdb");

        CliResult cut = run("export-rdb", snapshot.toString(), "--out", out.toString());

        assertThat(cut.exitCode()).as(cut.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(cut.err()).contains("cannot read the snapshot").containsPattern("segment [1-9][0-9]+");
        try (var left = Files.list(out.getParent())) {
            assertThat(left.toList()).as("neither the RDB file nor its temporary file").isEmpty();
        }
    }

    @Test
    void exportRefusesRdbVersion11AndNeedsOneSource() {
        CliResult version = run("export-rdb", "x.sealed", "--out", dir.resolve("o.rdb").toString(), "--rdb-version", "11");
        assertThat(version.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(version.err()).contains("--rdb-version must be 9 or 10");
        CliResult none = run("export-rdb", "--out", dir.resolve("o.rdb").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
