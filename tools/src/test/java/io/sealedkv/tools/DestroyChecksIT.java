package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** keys destroy refuses while the data directory's snapshot or a retained backup needs the version. */
class DestroyChecksIT {
    @TempDir
    Path dir;

    private KeysFixture fixture;
    private Path data;
    private Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new KeysFixture(dir);
        fixture.init();
        data = Files.createDirectory(dir.resolve("data"));
        try (FileKeystoreServer server = FileKeystoreServer.start(data, fixture.keystore, fixture.passphraseFile);
             Jedis jedis = server.jedis()) {
            DataSet.write(jedis);
            jedis.save();
        }
        bundle = dir.resolve("backups").resolve("b1");
        assertThat(run("backup", "--data-dir", data.toString(), "--out", bundle.toString()).exitCode()).isZero();
        assertThat(fixture.keys("rotate").exitCode()).isZero();
    }

    private CliResult run(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--keystore", fixture.keystore.toString(),
                "--passphrase-file", fixture.passphraseFile.toString()));
        args.addAll(List.of(more));
        return CliResult.run(args.toArray(String[]::new));
    }

    private List<KeyState> states() {
        return fixture.versionsReadDirectly().stream().map(KeyVersionInfo::state).toList();
    }

    @Test
    void refusesNamingTheSnapshotAndTheRetainedBackup() {
        CliResult destroy = fixture.keys("destroy", "1", "--data-dir", data.toString());

        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(destroy.err()).contains("refusing", "the snapshot " + data.resolve("dump.sealed"),
                "the backup " + bundle.toAbsolutePath());
        assertThat(states()).containsExactly(KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
    }

    @Test
    void refusesWhileOnlyTheBackupNeedsItThenDestroysOnceTheBackupIsGone() throws Exception {
        CliResult reseal = run("restore", bundle.toString(), "--data-dir", data.toString(), "--force", "--reseal");
        assertThat(reseal.exitCode()).as(reseal.err()).isZero();

        CliResult refused = fixture.keys("destroy", "1", "--data-dir", data.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("the backup " + bundle.toAbsolutePath()).doesNotContain("the snapshot");

        deleteRecursively(bundle);
        CliResult destroy = fixture.keys("destroy", "1", "--data-dir", data.toString());

        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(destroy.out()).contains("version 1 is DESTROYED", "no key material");
        assertThat(states()).containsExactly(KeyState.DESTROYED, KeyState.PRIMARY);
        assertThat(run("verify", data.resolve("dump.sealed").toString()).exitCode()).isZero();
    }

    @Test
    void aBackupDirectoryIsScannedToo() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.move(bundle, elsewhere.resolve("moved"));
        assertThat(run("restore", elsewhere.resolve("moved").toString(), "--data-dir", data.toString(), "--force",
                "--reseal").exitCode()).isZero();

        assertThat(fixture.keys("destroy", "1", "--data-dir", data.toString()).exitCode())
                .as("the catalogued bundle moved away is no longer retained").isZero();
    }

    @Test
    void refusesABackupDirectoryBundleThatNeedsTheVersion() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(bundle, elsewhere.resolve("moved"));
        assertThat(run("restore", elsewhere.resolve("moved").toString(), "--data-dir", data.toString(), "--force",
                "--reseal").exitCode()).isZero();

        CliResult destroy = fixture.keys("destroy", "1", "--data-dir", data.toString(), "--backup-dir",
                elsewhere.toString());

        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(destroy.err()).contains("the backup " + elsewhere.resolve("moved"));
    }

    @Test
    void forceDestroysWhatIsNeededAndTheBackupThenFailsToVerify() {
        CliResult destroy = fixture.keys("destroy", "1", "--force");

        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        CliResult verify = run("verify", bundle.toString());
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
        assertThat(verify.err()).contains("destroyed");
    }

    private static void deleteRecursively(Path path) throws Exception {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
