package io.sealedkv.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.keys.KeystoreMismatchException;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void aReloadOfAFileThatDoesNotOpenKeepsTheKeystoreInUseAndCreatesNothing() throws Exception {
        Config config = new Config();
        Path file = dir.resolve(KeystoreBootstrap.DEV_KEYSTORE);
        try (ServerKeystore keystore = KeystoreBootstrap.openForServer(config, dir)) {
            byte[] good = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(good, 100));
            assertThatThrownBy(keystore::reload).isInstanceOfSatisfying(KeystoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.TRUNCATED));
            assertThat(keystore.available()).isTrue();
            assertThat(keystore.primary().version()).isEqualTo(1);

            Files.delete(file);
            assertThatThrownBy(keystore::reload).isInstanceOfSatisfying(KeystoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.NOT_FOUND));
            assertThat(file).doesNotExist();
            assertThat(keystore.available()).isTrue();

            Files.write(file, good);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertThat(keystore.reload()).hasSize(1);
            assertThat(keystore.available()).isTrue();
        }
    }

    @Test
    void aReloadOfAnotherKeystoreOrOfACopyFromBeforeARotationIsRefused() throws Exception {
        Path file = dir.resolve(KeystoreBootstrap.DEV_KEYSTORE);
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        try (ServerKeystore keystore = KeystoreBootstrap.openForServer(new Config(), dir)) {
            Files.copy(dir.resolve(KeystoreBootstrap.DEV_PASSPHRASE), other.resolve(KeystoreBootstrap.DEV_PASSPHRASE));
            byte[] beforeRotation = Files.readAllBytes(file);
            keystore.rotate();
            byte[] rotated = Files.readAllBytes(file);
            KeystoreBootstrap.open(new Config(), other).close();

            Files.write(file, beforeRotation);
            assertThatThrownBy(keystore::reload).isInstanceOf(KeystoreMismatchException.class)
                    .hasMessageContaining("lacks data key version 2");
            Files.write(file, Files.readAllBytes(other.resolve(KeystoreBootstrap.DEV_KEYSTORE)));
            assertThatThrownBy(keystore::reload).isInstanceOf(KeystoreMismatchException.class)
                    .hasMessageContaining("another key as data key version 1");
            assertThat(keystore.available()).isTrue();
            assertThat(keystore.primary().version()).isEqualTo(2);

            Files.write(file, rotated);
            assertThat(keystore.reload()).hasSize(2);
        }
    }

    @Test
    void aReloadOfACopyWhoseNonceCountersAreBehindIsRefused() throws Exception {
        Path file = dir.resolve(KeystoreBootstrap.DEV_KEYSTORE);
        try (ServerKeystore keystore = KeystoreBootstrap.openForServer(new Config(), dir)) {
            byte[] beforeAnySeal = Files.readAllBytes(file);
            keystore.primary().nonces().next(new byte[12], 0);
            byte[] reserved = Files.readAllBytes(file);

            Files.write(file, beforeAnySeal);
            assertThatThrownBy(keystore::reload).isInstanceOf(KeystoreMismatchException.class)
                    .hasMessageContaining("nonce counters of data key version 1 are behind");
            Files.write(file, reserved);
            assertThat(keystore.reload()).hasSize(1);
        }
    }

    /** review-20b R2: after a reload whose check passed but whose open failed, the next one still checks and recovers. */
    @Test
    void aReloadAfterAFailedOpenIsCheckedAgainstTheKeysThatWereInUseAndRecovers() throws Exception {
        Path other = twoDevelopmentKeystoresWithOnePassphrase();
        AtomicBoolean failOpen = new AtomicBoolean();
        AtomicReference<Path> source = new AtomicReference<>(dir);
        try (ServerKeystore keystore = ServerKeystore.reloadable(() -> {
            if (failOpen.getAndSet(false)) {
                throw new IllegalStateException("the file changed between the check and the open");
            }
            return unchecked(() -> KeystoreBootstrap.open(new Config(), source.get()));
        }, () -> unchecked(() -> KeystoreBootstrap.openReadOnly(new Config(), source.get())))) {
            failOpen.set(true);
            assertThatThrownBy(keystore::reload).hasMessageContaining("changed between");
            assertThat(keystore.available()).isFalse();

            source.set(other);
            assertThatThrownBy(keystore::reload).isInstanceOf(KeystoreMismatchException.class)
                    .hasMessageContaining("another key as data key version 1");
            assertThat(keystore.available()).isFalse();

            source.set(dir);
            assertThat(keystore.reload()).hasSize(1);
            assertThat(keystore.available()).isTrue();
        }
    }

    /** review-20c F8: a file swapped between the check and the open is not taken. */
    @Test
    void aKeystoreOpenedAfterItsCheckIsCheckedAgain() throws Exception {
        Path other = twoDevelopmentKeystoresWithOnePassphrase();
        AtomicReference<Path> opened = new AtomicReference<>(dir);
        try (ServerKeystore keystore = ServerKeystore.reloadable(
                () -> unchecked(() -> KeystoreBootstrap.open(new Config(), opened.get())),
                () -> unchecked(() -> KeystoreBootstrap.openReadOnly(new Config(), dir)))) {
            opened.set(other);
            assertThatThrownBy(keystore::reload).isInstanceOf(KeystoreMismatchException.class);
            assertThat(keystore.available()).isFalse();
            opened.set(dir);
            assertThat(keystore.reload()).hasSize(1);
            assertThat(keystore.available()).isTrue();
        }
    }

    /** A development keystore in {@code dir} and another under {@code dir/other}, with the same passphrase. */
    private Path twoDevelopmentKeystoresWithOnePassphrase() throws IOException {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        KeystoreBootstrap.open(new Config(), dir).close();
        Files.copy(dir.resolve(KeystoreBootstrap.DEV_PASSPHRASE), other.resolve(KeystoreBootstrap.DEV_PASSPHRASE));
        KeystoreBootstrap.open(new Config(), other).close();
        return other;
    }

    private static Keystore unchecked(java.util.concurrent.Callable<Keystore> open) {
        try {
            return open.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMissingDevelopmentKeystoreIsNotCreatedAgainBesideASnapshot() throws Exception {
        try (Keystore created = KeystoreBootstrap.open(new Config(), dir)) {
            assertThat(created.versions()).hasSize(1);
        }
        Path file = dir.resolve(KeystoreBootstrap.DEV_KEYSTORE);
        Files.delete(file);
        Files.write(dir.resolve("dump.sealed"), new byte[] {'S'});
        assertThatThrownBy(() -> KeystoreBootstrap.open(new Config(), dir))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.NOT_FOUND))
                .hasMessageContaining("is missing but the snapshot " + dir.resolve("dump.sealed") + " exists");
        assertThat(file).doesNotExist();
    }

    private static int kdfLog2n(Path keystore) throws Exception {
        return Files.readAllBytes(keystore)[KDF_LOG2N_OFFSET];
    }
}
