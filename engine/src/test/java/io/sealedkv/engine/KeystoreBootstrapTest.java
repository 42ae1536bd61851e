package io.sealedkv.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.config.Config;
import io.sealedkv.keystore.Keystore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreBootstrapTest {
    /** Byte 15 of a keystore file: scrypt's log2(N) (see KeystoreFileFormat). */
    private static final int KDF_LOG2N_OFFSET = 15;

    @TempDir
    Path dir;

    @Test
    void aDevelopmentKeystoreWithTheGeneratedPassphraseUsesTheLowestScryptCostAndOpensAgain() throws Exception {
        try (Keystore created = KeystoreBootstrap.open(new Config(), dir)) {
            assertThat(created.versions()).hasSize(1);
        }
        assertThat(kdfLog2n(dir.resolve(KeystoreBootstrap.DEV_KEYSTORE)))
                .isEqualTo(Integer.parseInt(KeystoreBootstrap.DEV_KDF_LOG2N));
        assertThat(Files.readString(dir.resolve(KeystoreBootstrap.DEV_PASSPHRASE), StandardCharsets.US_ASCII))
                .hasSize(43);
        try (Keystore reopened = KeystoreBootstrap.open(new Config(), dir)) {
            assertThat(reopened.versions()).hasSize(1);
        }
    }

    @Test
    void aPassphraseFileGivenByTheUserKeepsTheDefaultCost() throws Exception {
        Path passphrase = dir.resolve("mine.passphrase");
        Files.writeString(passphrase, "a passphrase a person chose", StandardCharsets.US_ASCII);
        Config config = new Config();
        config.set(List.of(Map.entry("keystore-passphrase-file", passphrase.toString())), true);
        try (Keystore created = KeystoreBootstrap.open(config, dir)) {
            assertThat(created.versions()).hasSize(1);
        }
        assertThat(kdfLog2n(dir.resolve(KeystoreBootstrap.DEV_KEYSTORE))).isEqualTo(17);
    }

    private static int kdfLog2n(Path keystore) throws Exception {
        return Files.readAllBytes(keystore)[KDF_LOG2N_OFFSET];
    }
}
