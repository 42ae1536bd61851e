package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** backup (from a running server and from a data directory), verify, restore, and a server on the result. */
class BackupRestoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private KeysFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeysFixture(dir);
        fixture.init();
    }

    private CliResult run(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--keystore", fixture.keystore.toString(),
                "--passphrase-file", fixture.passphraseFile.toString()));
        args.addAll(Arrays.asList(more));
        return CliResult.run(args.toArray(String[]::new));
    }

    private Map<String, Object> populate(Path dataDir) {
        try (FileKeystoreServer server = FileKeystoreServer.start(dataDir, fixture.keystore, fixture.passphraseFile);
             Jedis jedis = server.jedis()) {
            DataSet.write(jedis);
            Map<String, Object> data = DataSet.read(jedis);
            DataSet.assertComplete(data);
            jedis.save();
            return data;
        }
    }

    private Map<String, Object> served(Path dataDir, Path keystore, Path passphrase) {
        try (FileKeystoreServer server = FileKeystoreServer.start(dataDir, keystore, passphrase);
             Jedis jedis = server.jedis()) {
            return DataSet.read(jedis);
        }
    }

    @Test
    void backupOfARunningServerVerifiesRestoresAndServesTheSameData() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Path bundle = dir.resolve("bundle");
        Path restored = dir.resolve("restored");
        Map<String, Object> expected;
        CliResult backup;
        CliResult verify;
        CliResult restore;
        CliResult reseal;
        try (FileKeystoreServer server = FileKeystoreServer.start(live, fixture.keystore, fixture.passphraseFile);
             Jedis jedis = server.jedis()) {
            DataSet.write(jedis);
            expected = DataSet.read(jedis);
            DataSet.assertComplete(expected);
            backup = run("backup", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                    "--out", bundle.toString(), "--json");
            verify = run("verify", bundle.toString(), "--json");
            restore = run("restore", bundle.toString(), "--data-dir", restored.toString());
            reseal = run("restore", bundle.toString(), "--data-dir", dir.resolve("resealed").toString(), "--reseal");
            jedis.set("written-after-backup", "x");
        }
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        JsonNode manifest = JSON.readTree(Files.readString(bundle.resolve("manifest.json")));
        assertThat(manifest.get("source").get("kind").asText()).isEqualTo("server");
        assertThat(manifest.get("keyVersions").toString()).isEqualTo("[1]");
        assertThat(manifest.get("verified").asBoolean()).as("verified with the keystore opened read-only").isTrue();
        assertThat(manifest.get("keys").asLong()).isEqualTo(16);
        assertThat(manifest.get("sha256").asText()).hasSize(64);
        assertThat(Files.readString(bundle.resolve("manifest.json"))).doesNotContain(KeysFixture.PASSPHRASE);
        assertThat(Files.list(bundle).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("dump.sealed", "manifest.json");

        assertThat(verify.exitCode()).as("verify while the server holds the keystore: " + verify.err()).isZero();
        JsonNode report = JSON.readTree(verify.out());
        assertThat(report.get("keys").asLong()).isEqualTo(16);
        assertThat(report.get("types").get("zset").asLong()).isEqualTo(2);
        assertThat(report.get("types").get("string").asLong()).isEqualTo(6);
        assertThat(report.get("sealedPerVersion").get("1").asLong()).isGreaterThan(16);
        for (String secret : DataSet.SECRETS) {
            assertThat(verify.out() + verify.err()).doesNotContain(secret);
        }

        assertThat(restore.exitCode()).as("restore while the server holds the keystore: " + restore.err()).isZero();
        assertThat(reseal.exitCode()).as("sealing needs the keystore's lock").isEqualTo(ExitCodes.KEYSTORE);
        assertThat(reseal.err()).contains("IN_USE");
        assertThat(served(restored, fixture.keystore, fixture.passphraseFile)).isEqualTo(expected);
    }

    @Test
    void backupOfADataDirectoryIsVerifiedWhenTheKeystoreIsFreeAndCatalogued() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Map<String, Object> expected = populate(live);
        Path bundle = dir.resolve("bundle");

        CliResult backup = run("backup", "--data-dir", live.toString(), "--out", bundle.toString());

        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("verified: 16 keys");
        JsonNode manifest = JSON.readTree(Files.readString(bundle.resolve("manifest.json")));
        assertThat(manifest.get("verified").asBoolean()).isTrue();
        assertThat(manifest.get("types").get("hash").asLong()).isEqualTo(2);
        assertThat(manifest.get("source").get("kind").asText()).isEqualTo("data-dir");
        assertThat(Files.readString(BackupCatalog.beside(fixture.keystore))).contains(bundle.toAbsolutePath().toString());

        Path restored = dir.resolve("restored");
        assertThat(run("restore", bundle.toString(), "--data-dir", restored.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(restored.resolve("dump.sealed")))
                .isEqualTo(Files.readAllBytes(live.resolve("dump.sealed")));
        assertThat(served(restored, fixture.keystore, fixture.passphraseFile)).isEqualTo(expected);
    }

    @Test
    void backupRefusesANonEmptyOutputDirectory() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        populate(live);
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("other"), "x");

        CliResult backup = run("backup", "--data-dir", live.toString(), "--out", out.toString());

        assertThat(backup.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(backup.err()).contains("not empty");
    }

    @Test
    void restoreRefusesToReplaceASnapshotWithoutForce() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Map<String, Object> expected = populate(live);
        Path bundle = dir.resolve("bundle");
        assertThat(run("backup", "--data-dir", live.toString(), "--out", bundle.toString()).exitCode()).isZero();
        Path other = Files.createDirectory(dir.resolve("other"));
        byte[] existing = "not ours".getBytes();
        Files.write(other.resolve("dump.sealed"), existing);

        CliResult refused = run("restore", bundle.toString(), "--data-dir", other.toString());

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("refusing to replace", "--force");
        assertThat(refused.err().lines().count()).isEqualTo(1);
        assertThat(Files.readAllBytes(other.resolve("dump.sealed"))).isEqualTo(existing);

        CliResult forced = run("restore", bundle.toString(), "--data-dir", other.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(served(other, fixture.keystore, fixture.passphraseFile)).isEqualTo(expected);
    }

    @Test
    void restoreRefusesADamagedBundleBeforeWritingAnything() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        populate(live);
        Path bundle = dir.resolve("bundle");
        assertThat(run("backup", "--data-dir", live.toString(), "--out", bundle.toString()).exitCode()).isZero();
        Damage.flipBit(bundle.resolve("dump.sealed"), 0.5);
        Path restored = dir.resolve("restored");

        CliResult restore = run("restore", bundle.toString(), "--data-dir", restored.toString());

        assertThat(restore.exitCode()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(restore.err()).contains("sha256");
        assertThat(restored.resolve("dump.sealed")).doesNotExist();
    }

    @Test
    void resealUnderAnotherKeystoreLoadsWithThatKeystoreOnly() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Map<String, Object> expected = populate(live);
        Path bundle = dir.resolve("bundle");
        assertThat(run("backup", "--data-dir", live.toString(), "--out", bundle.toString()).exitCode()).isZero();
        KeysFixture other = new KeysFixture(Files.createDirectory(dir.resolve("other-keys")));
        other.init();
        Path restored = dir.resolve("restored");

        CliResult restore = run("restore", bundle.toString(), "--data-dir", restored.toString(),
                "--to-keystore", other.keystore.toString(), "--to-passphrase-file", other.passphraseFile.toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(served(restored, other.keystore, other.passphraseFile)).isEqualTo(expected);
        CliResult withOld = run("verify", restored.resolve("dump.sealed").toString());
        assertThat(withOld.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
        assertThat(withOld.err()).contains("stream key does not open");
        CliResult withNew = CliResult.run("verify", restored.resolve("dump.sealed").toString(), "--keystore",
                other.keystore.toString(), "--passphrase-file", other.passphraseFile.toString());
        assertThat(withNew.exitCode()).as(withNew.err()).isZero();
    }

    @Test
    void resealUnderThePrimaryLeavesOnlyThePrimaryVersionNeeded() throws Exception {
        Path live = Files.createDirectory(dir.resolve("live"));
        Map<String, Object> expected = populate(live);
        Path bundle = dir.resolve("bundle");
        assertThat(run("backup", "--data-dir", live.toString(), "--out", bundle.toString()).exitCode()).isZero();
        assertThat(fixture.keys("rotate").exitCode()).isZero();

        CliResult restore = run("restore", bundle.toString(), "--data-dir", live.toString(), "--force", "--reseal");

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(OfflineSnapshot.versions(live.resolve("dump.sealed"))).containsExactly(2);
        assertThat(served(live, fixture.keystore, fixture.passphraseFile)).isEqualTo(expected);
    }
}
