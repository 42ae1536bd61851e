package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import io.sealedkv.keystore.file.Passphrase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keystore failures: exit code 3 and one line naming the reason, never a stack trace unless --verbose. */
class KeystoreFailuresTest {
    @TempDir
    Path dir;

    private KeysFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeysFixture(dir);
    }

    @Test
    void aDamagedFileIsReportedAsDamagedInOneLine() throws IOException {
        fixture.init();
        flipOneByteInTheMiddle();

        CliResult list = fixture.keys("list");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(list.err().lines()).singleElement().asString()
                .startsWith("sealedkv: keystore error DAMAGED: keystore file damaged");
        assertThat(list.out()).isEmpty();
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheLine() throws IOException {
        fixture.init();
        flipOneByteInTheMiddle();

        CliResult list = fixture.keys("list", "--verbose");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(list.err()).startsWith("sealedkv: keystore error DAMAGED")
                .contains("io.sealedkv.keystore.KeystoreException", "\tat ");
    }

    @Test
    void aMissingFileIsNotFoundAndPointsToInit() {
        CliResult list = fixture.keys("list");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(list.err()).startsWith("sealedkv: keystore error NOT_FOUND").contains("sealedkv keys init");
    }

    @Test
    void aKeystoreHeldOpenElsewhereIsInUse() {
        fixture.init();
        FileKeystoreSettings settings = FileKeystoreSettings.from(Map.of(FileKeystoreSettings.PATH,
                fixture.keystore.toString()));
        try (FileKeystore holder = FileKeystore.open(settings, Passphrase.fromFile(fixture.passphraseFile))) {
            CliResult rotate = fixture.keys("rotate");

            assertThat(rotate.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
            assertThat(rotate.err()).startsWith("sealedkv: keystore error IN_USE");
            assertThat(holder.versions()).hasSize(1);
        }
    }

    @Test
    void anEmptyPassphraseFileIsAnInvalidPassphrase() {
        Path empty = fixture.secretFile("empty", "\n");

        CliResult init = fixture.keysWith(empty, "init", "--kdf-log2n", "10");

        assertThat(init.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(init.err()).startsWith("sealedkv: keystore error INVALID_PASSPHRASE").contains("is empty");
        assertThat(fixture.keystore).doesNotExist();
    }

    @Test
    void aNewPassphraseThatBreaksTheRulesChangesNothing() {
        fixture.init();
        byte[] before = fixture.keystoreBytes();
        Path empty = fixture.secretFile("empty", "");

        CliResult change = fixture.keys("change-passphrase", "--new-passphrase-file", empty.toString());

        assertThat(change.exitCode()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(change.err()).startsWith("sealedkv: keystore error INVALID_PASSPHRASE");
        assertThat(fixture.keystoreBytes()).isEqualTo(before);
    }

    @Test
    void aKdfCostTheKeystoreRefusesIsAUsageError() {
        CliResult init = fixture.keys("init", "--kdf-log2n", "30");

        assertThat(init.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(init.err()).startsWith("sealedkv: keystore error INVALID_SETTING").contains("kdf-log2n");
        assertThat(fixture.keystore).doesNotExist();
    }

    private void flipOneByteInTheMiddle() throws IOException {
        byte[] bytes = fixture.keystoreBytes();
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(fixture.keystore, bytes);
    }
}
