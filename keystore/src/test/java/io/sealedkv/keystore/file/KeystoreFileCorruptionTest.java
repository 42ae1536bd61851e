package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.VersionRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a keystore file can be wrong gives its own typed error, and never another exception. */
class KeystoreFileCorruptionTest {
    private static final int STATE_OF_FIRST_ENTRY = KeystoreFileFormat.ENTRIES_OFFSET + 4;
    private static final int COUNTERS_OF_FIRST_ENTRY = KeystoreFileFormat.ENTRIES_OFFSET + 13;

    @TempDir
    Path directory;
    private KeystoreFixture fixture;
    private byte[] good;

    @BeforeEach
    void writeAKeystoreWithEveryState() throws IOException {
        fixture = new KeystoreFixture(directory);
        try (FileKeystore keystore = fixture.open()) {
            keystore.rotate();
            keystore.rotate();
            keystore.destroy(1);
        }
        good = Files.readAllBytes(fixture.path);
    }

    @Test
    void theUntouchedFileOpens() {
        assertThat(fixture.openFailure()).isNull();
    }

    @Test
    void aFlippedBitAtEveryOffsetGivesTheErrorOfItsRegion() throws IOException {
        for (int offset = 0; offset < good.length; offset++) {
            byte[] bad = good.clone();
            bad[offset] ^= (byte) (1 << (offset % 8));
            Files.write(fixture.path, bad);
            KeystoreException e = fixture.openFailure();
            assertThat(e).as("offset %d", offset).isNotNull();
            assertThat(e.reason()).as("offset %d: %s", offset, e.getMessage()).isEqualTo(expectedForFlip(bad, offset));
        }
    }

    @Test
    void truncationAtEveryLengthIsReportedAsTruncation() throws IOException {
        for (int length = 0; length < good.length; length++) {
            Files.write(fixture.path, Arrays.copyOf(good, length));
            KeystoreException e = fixture.openFailure();
            assertThat(e).as("length %d", length).isNotNull();
            if (length == 0) {
                assertThat(e.reason()).isEqualTo(Reason.EMPTY);
                assertThat(e.getMessage()).isEqualTo("keystore file is empty");
            } else {
                assertThat(e.reason()).as("length %d", length).isEqualTo(Reason.TRUNCATED);
                assertThat(e.getMessage()).startsWith("keystore file truncated");
            }
        }
    }

    @Test
    void trailingBytesAreDamage() throws IOException {
        Files.write(fixture.path, Arrays.copyOf(good, good.length + 1));
        fixture.assertOpenFails(Reason.DAMAGED, m -> assertThat(m).startsWith("keystore file damaged"));
    }

    @Test
    void anotherFileIsNotAKeystore() throws IOException {
        Files.writeString(fixture.path, "requirepass foobared\n");
        fixture.assertOpenFails(Reason.NOT_A_KEYSTORE, m -> assertThat(m).startsWith("not a SealedKV keystore"));
        Files.write(fixture.path, new byte[] {'S', 'K', 'X'});
        fixture.assertOpenFails(Reason.NOT_A_KEYSTORE, m -> assertThat(m).startsWith("not a SealedKV keystore"));
    }

    @Test
    void aNewerFormatVersionIsNamed() throws IOException {
        byte[] newer = good.clone();
        newer[9] = 2;
        Files.write(fixture.path, newer);
        fixture.assertOpenFails(Reason.UNSUPPORTED_FORMAT_VERSION,
                m -> assertThat(m).startsWith("unsupported keystore format version 2"));
    }

    @Test
    void checksumMismatchSaysDamaged() throws IOException {
        byte[] bad = good.clone();
        bad[COUNTERS_OF_FIRST_ENTRY] ^= 1;
        Files.write(fixture.path, bad);
        fixture.assertOpenFails(Reason.DAMAGED,
                m -> assertThat(m).isEqualTo("keystore file damaged (checksum mismatch)"));
    }

    @Test
    void wrongPassphraseIsNotDamage() {
        fixture.environment.put(KeystoreFixture.ENV, "incorrect horse battery staple");
        fixture.assertOpenFails(Reason.WRONG_PASSPHRASE, m -> assertThat(m).isEqualTo("wrong passphrase for this keystore"));
    }

    @Test
    void editWithARecomputedChecksumIsCaughtByTheAuthenticationCode() throws IOException {
        byte[] edited = good.clone();
        edited[COUNTERS_OF_FIRST_ENTRY + 7] ^= 1;
        recomputeChecksum(edited);
        Files.write(fixture.path, edited);
        fixture.assertOpenFails(Reason.MODIFIED,
                m -> assertThat(m).startsWith("keystore file was modified (authentication failed)"));
    }

    @Test
    void noPrimaryIsRefused() throws IOException {
        forge(List.of(version(1, KeyState.DECRYPT_ONLY, 32)));
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).isEqualTo("keystore has no primary key version"));
    }

    @Test
    void twoPrimariesAreRefused() throws IOException {
        forge(List.of(version(1, KeyState.PRIMARY, 32), version(2, KeyState.PRIMARY, 32)));
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("2 primary key versions"));
    }

    @Test
    void duplicateIdsAreRefused() throws IOException {
        forge(List.of(version(1, KeyState.DECRYPT_ONLY, 32), version(1, KeyState.PRIMARY, 32)));
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("duplicate key version id 1"));
    }

    @Test
    void wrongKeyLengthIsRefused() throws IOException {
        forge(List.of(version(1, KeyState.PRIMARY, 16)));
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("16 bytes; expected 32"));
    }

    @Test
    void destroyedVersionWithKeyMaterialIsRefused() throws IOException {
        forge(List.of(version(1, KeyState.DESTROYED, 32), version(2, KeyState.PRIMARY, 32)));
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("destroyed but still holds key material"));
    }

    @Test
    void noVersionsAtAllAreRefused() throws IOException {
        forge(List.of());
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).isEqualTo("keystore has no key versions"));
    }

    @Test
    void unknownStateIsRefused() throws IOException {
        try (Passphrase passphrase = Passphrase.of(KeystoreFixture.PASSPHRASE)) {
            MasterKeys keys = MasterKeys.generate(passphrase, new PassphraseKdf(10, 8, 1), new SecureRandom());
            byte[] file = KeystoreFileFormat.encode(keys, List.of(version(1, KeyState.PRIMARY, 32)));
            file[STATE_OF_FIRST_ENTRY] = 9;
            AtomicFiles.replace(fixture.path, KeystoreFileFormat.fillTrailers(keys, file));
        }
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("unknown state 9"));
    }

    @Test
    void excessiveKdfCostIsRefusedBeforeDerivingAnything() throws IOException {
        byte[] costly = good.clone();
        costly[15] = 22;
        recomputeChecksum(costly);
        Files.write(fixture.path, costly);
        fixture.assertOpenFails(Reason.INVALID_CONTENT, m -> assertThat(m).contains("log2N 22"));
    }

    @Test
    void failedOpensReleaseTheLock() throws IOException {
        Files.write(fixture.path, Arrays.copyOf(good, 20));
        assertThat(fixture.openFailure().reason()).isEqualTo(Reason.TRUNCATED);
        Files.write(fixture.path, good);
        assertThat(fixture.openFailure(Map.of())).isNull();
    }

    private void forge(List<VersionRecord> versions) throws IOException {
        try (Passphrase passphrase = Passphrase.of(KeystoreFixture.PASSPHRASE)) {
            MasterKeys keys = MasterKeys.generate(passphrase, new PassphraseKdf(10, 8, 1), new SecureRandom());
            AtomicFiles.replace(fixture.path, KeystoreFileFormat.encode(keys, versions));
        }
    }

    private static VersionRecord version(int id, KeyState state, int keyLength) {
        byte[] key = new byte[keyLength];
        Arrays.fill(key, (byte) id);
        return new VersionRecord(id, state, Instant.ofEpochMilli(1_700_000_000_000L), 0, key);
    }

    private Reason expectedForFlip(byte[] bad, int offset) {
        if (offset < 8) {
            return Reason.NOT_A_KEYSTORE;
        }
        if (offset < 10) {
            return Reason.UNSUPPORTED_FORMAT_VERSION;
        }
        if (offset < 14) {
            long declared = Integer.toUnsignedLong(ByteBuffer.wrap(bad, 10, 4).getInt());
            return declared > bad.length ? Reason.TRUNCATED : Reason.DAMAGED;
        }
        return Reason.DAMAGED;
    }

    private static void recomputeChecksum(byte[] file) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(file, 0, file.length - 32);
            System.arraycopy(sha256.digest(), 0, file, file.length - 32, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
