package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysLifecycleTest {
    @TempDir
    Path dir;

    private KeysFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeysFixture(dir);
    }

    @Test
    void initCreatesAKeystoreWhoseListShowsVersionOneAsPrimary() {
        Instant before = Instant.now().minusSeconds(1);
        CliResult init = fixture.keys("init", "--kdf-log2n", "10");

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("version 1 as primary");
        List<List<String>> rows = fixture.listedRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).subList(0, 2)).containsExactly("1", "PRIMARY");
        assertThat(Instant.parse(rows.get(0).get(2))).isBetween(before, Instant.now());
        assertThat(rows.get(0).get(3)).isEqualTo("0");
    }

    @Test
    void initRefusesAnExistingFileAndLeavesItAlone() {
        fixture.init();
        byte[] before = fixture.keystoreBytes();

        CliResult again = fixture.keys("init", "--kdf-log2n", "10");

        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("already exists");
        assertThat(fixture.keystoreBytes()).isEqualTo(before);
    }

    @Test
    void rotateMakesVersionTwoPrimaryAndVersionOneDecryptOnly() {
        fixture.init();

        CliResult rotate = fixture.keys("rotate");

        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out()).contains("version 2 is the new primary");
        assertThat(fixture.listedRows()).extracting(row -> row.subList(0, 2))
                .containsExactly(List.of("1", "DECRYPT_ONLY"), List.of("2", "PRIMARY"));
    }

    @Test
    void rotateJsonNamesTheNewPrimary() throws Exception {
        fixture.init();

        JsonNode primary = new ObjectMapper().readTree(fixture.keys("rotate", "--json").out());

        assertThat(primary.get("version").asInt()).isEqualTo(2);
        assertThat(primary.get("state").asText()).isEqualTo("PRIMARY");
    }

    @Test
    void listJsonIsAnArrayWithEveryVersionsFields() throws Exception {
        fixture.init();
        fixture.keys("rotate");
        List<KeyVersionInfo> expected = fixture.versionsReadDirectly();

        CliResult list = fixture.keys("list", "--json");

        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode array = new ObjectMapper().readTree(list.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode node = array.get(i);
            KeyVersionInfo info = expected.get(i);
            assertThat(node.get("version").asInt()).isEqualTo(info.version());
            assertThat(node.get("state").asText()).isEqualTo(info.state().name());
            assertThat(Instant.parse(node.get("created").asText())).isEqualTo(info.created());
            assertThat(node.get("sealCount").asLong()).isEqualTo(info.sealCount());
        }
    }

    @Test
    void destroyWithoutForceRefusesAndChangesNothing() {
        fixture.init();
        fixture.keys("rotate");
        byte[] before = fixture.keystoreBytes();

        CliResult destroy = fixture.keys("destroy", "1");

        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(destroy.err()).contains("refusing", "the live snapshot was not checked", "--data-dir", "--force");
        assertThat(fixture.keystoreBytes()).isEqualTo(before);
        assertThat(fixture.listedRows()).extracting(row -> row.get(1)).containsExactly("DECRYPT_ONLY", "PRIMARY");
    }

    @Test
    void destroyWithForceShredsTheVersionAndShowsItAfterReopening() {
        fixture.init();
        fixture.keys("rotate");

        CliResult destroy = fixture.keys("destroy", "1", "--force");

        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(destroy.out()).contains("reopened", "version 1 is DESTROYED", "no key material");
        assertThat(fixture.versionsReadDirectly()).extracting(KeyVersionInfo::state)
                .containsExactly(KeyState.DESTROYED, KeyState.PRIMARY);
    }

    @Test
    void destroyOfThePrimaryFailsEvenWithForce() {
        fixture.init();
        byte[] before = fixture.keystoreBytes();

        CliResult destroy = fixture.keys("destroy", "1", "--force");

        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(destroy.err()).contains("primary", "rotate");
        assertThat(fixture.keystoreBytes()).isEqualTo(before);
    }

    @Test
    void destroyOfAnUnknownVersionFails() {
        fixture.init();

        CliResult destroy = fixture.keys("destroy", "7", "--force");

        assertThat(destroy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(destroy.err()).contains("no data key version 7");
    }

    @Test
    void changePassphraseLocksOutTheOldOneAndKeepsTheVersions() {
        fixture.init();
        fixture.keys("rotate");
        Path newPassphrase = fixture.secretFile("new-passphrase", "another passphrase entirely\n");

        CliResult change = fixture.keys("change-passphrase", "--new-passphrase-file", newPassphrase.toString(),
                "--kdf-log2n", "10");

        assertThat(change.exitCode()).as(change.err()).isZero();
        CliResult withOld = fixture.keys("list");
        assertThat(withOld.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(withOld.err()).isEqualTo("sealedkv: keystore error WRONG_PASSPHRASE: wrong passphrase for this"
                + " keystore" + System.lineSeparator());
        CliResult withNew = fixture.keysWith(newPassphrase, "list");
        assertThat(withNew.exitCode()).as(withNew.err()).isZero();
        assertThat(withNew.out().lines().skip(1).map(line -> line.trim().split("\\s+")[1]))
                .containsExactly("DECRYPT_ONLY", "PRIMARY");
    }
}
