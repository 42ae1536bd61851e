package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.SealedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** {@code read-only}: opens what a running server holds, and never writes the file. */
class ReadOnlyKeystoreTest {
    private static final Map<String, String> READ_ONLY = Map.of("create", "false", "read-only", "true");

    @TempDir
    Path directory;

    @Test
    void opensSealedDataWhileAnotherOpenerHoldsTheLock() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        try (FileKeystore holder = fixture.open()) {
            holder.rotate();
            SealedValue underTwo = SealedValue.seal(holder, "sealed under version 2");
            try (FileKeystore reader = fixture.open(READ_ONLY)) {
                assertThat(underTwo.open(reader)).isEqualTo("sealed under version 2");
                assertThat(reader.versions()).extracting(KeyVersionInfo::version).containsExactly(1, 2);
            }
            assertThat(SealedValue.seal(holder, "holder still writes").open(holder)).isEqualTo("holder still writes");
        }
    }

    @Test
    void everyChangeIsRefusedAndTheFileKeepsItsBytes() throws IOException {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        try (FileKeystore writer = fixture.open()) {
            writer.rotate();
        }
        byte[] before = Files.readAllBytes(fixture.path);
        try (FileKeystore reader = fixture.open(READ_ONLY)) {
            assertRefused(reader, FileKeystore::rotate);
            assertRefused(reader, k -> k.destroy(1));
            assertRefused(reader, FileKeystore::rotateMasterKey);
            assertRefused(reader, k -> SealedValue.seal(k, "needs nonces"));
            assertRefused(reader, k -> k.changePassphrase(Passphrase.of("another passphrase")));
        }
        assertThat(Files.readAllBytes(fixture.path)).isEqualTo(before);
        fixture.open(Map.of("create", "false")).close();
    }

    @Test
    void createAndReadOnlyTogetherAreRefused() {
        KeystoreException e = catchThrowableOfType(KeystoreException.class,
                () -> new KeystoreFixture(directory).open(Map.of("read-only", "true")).close());
        assertThat(e.reason()).isEqualTo(Reason.INVALID_SETTING);
        assertThat(e.getMessage()).contains("create").contains("read-only");
    }

    @Test
    void aReadOnlyValueThatIsNotABooleanIsRefused() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        KeystoreException e = fixture.openFailure(Map.of("read-only", "maybe"));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_SETTING);
        assertThat(e.getMessage()).contains("read-only");
    }

    @Test
    void aMissingFileIsNotCreated() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        assertThat(fixture.openFailure(Map.of("read-only", "true")).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(fixture.path).doesNotExist();
    }

    @Test
    void aWrongPassphraseIsStillRefused() {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        fixture.environment.put(KeystoreFixture.ENV, "not the passphrase");
        assertThat(fixture.openFailure(Map.of("read-only", "true")).reason()).isEqualTo(Reason.WRONG_PASSPHRASE);
    }

    private static void assertRefused(FileKeystore keystore, ThrowingConsumer<FileKeystore> change) {
        KeystoreException e = catchThrowableOfType(KeystoreException.class, () -> change.accept(keystore));
        assertThat(e).as("a read-only keystore must refuse the change").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.READ_ONLY);
        assertThat(e.getMessage()).contains("read-only").contains(keystore.path().toString());
    }
}
