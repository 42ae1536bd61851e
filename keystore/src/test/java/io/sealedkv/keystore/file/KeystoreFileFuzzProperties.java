package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.internal.VersionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the keystore file reader: real keystore files truncated, extended, overwritten, and
 * mutated with their trailers recomputed (what someone holding the passphrase, or a buggy writer,
 * could produce, so the entry parser itself is reached). Whatever the bytes, the reader answers with
 * a {@link KeystoreException} (or the keys, for an unchanged file), never another exception, within
 * bounded time.
 *
 * <p>Tries: {@code jqwik.tries.default} (jqwik's 1000); a campaign raises it with
 * {@code -Djqwik.tries.default=100000}.
 */
class KeystoreFileFuzzProperties {
    private static final PassphraseKdf CHEAP = new PassphraseKdf(4, 8, 1);
    /**
     * The scrypt parameters (bytes 14-17) are left alone once trailers are recomputed: the format lets a
     * file ask for up to log2N 20, r 8, p 4 (1 GiB and seconds per try), bounded by design, not by fuzzing.
     */
    private static final int KDF_AT = 14;
    private static final MasterKeys KEYS;
    private static final byte[] VALID;

    static {
        try (Passphrase passphrase = Passphrase.of("fuzz")) {
            KEYS = MasterKeys.generate(passphrase, CHEAP, new SecureRandom());
            byte[] key = new byte[32];
            List<VersionRecord> versions = List.of(
                    new VersionRecord(1, KeyState.DECRYPT_ONLY, Instant.ofEpochMilli(1_000), 5, key.clone()),
                    new VersionRecord(2, KeyState.DESTROYED, Instant.ofEpochMilli(2_000), 0, null),
                    new VersionRecord(3, KeyState.PRIMARY, Instant.ofEpochMilli(3_000), 1L << 40, key.clone()));
            VALID = KeystoreFileFormat.encode(KEYS, versions);
        }
    }

    @Property
    void truncatedOrExtendedFilesAreRefused(@ForAll @IntRange(min = 0, max = 1000) int keep,
                                            @ForAll @Size(max = 64) byte[] appended) {
        byte[] file = Arrays.copyOf(VALID, Math.min(keep, VALID.length));
        byte[] changed = new byte[file.length + appended.length];
        System.arraycopy(file, 0, changed, 0, file.length);
        System.arraycopy(appended, 0, changed, file.length, appended.length);
        assertRefusedOrIdentical(changed, false);
    }

    @Property
    void mutatedFilesAreRefused(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 100_000) Integer> where,
                                @ForAll @Size(min = 1, max = 8) byte[] with,
                                @ForAll boolean recomputeTrailers) {
        byte[] file = VALID.clone();
        for (int i = 0; i < where.size(); i++) {
            int at = where.get(i) % file.length;
            if (recomputeTrailers && at >= KDF_AT && at < KDF_AT + 4) {
                at += 4;
            }
            file[at] = with[i % with.length];
        }
        if (recomputeTrailers) {
            file = KeystoreFileFormat.fillTrailers(KEYS, file);
        }
        assertRefusedOrIdentical(file, recomputeTrailers);
    }

    @Property
    void entriesRewrittenUnderAValidMacAreRefusedOrRead(@ForAll @Size(max = 200) byte[] entries,
                                                         @ForAll @IntRange(min = 0, max = 20) int count) {
        byte[] file = new byte[70 + entries.length + 64];
        System.arraycopy(VALID, 0, file, 0, 70);
        java.nio.ByteBuffer.wrap(file).putInt(10, file.length).putInt(66, count);
        System.arraycopy(entries, 0, file, 70, entries.length);
        assertRefusedOrIdentical(KeystoreFileFormat.fillTrailers(KEYS, file), true);
    }

    @Property(tries = 100)
    void filesOnDiskAreRefusedThroughTheFileReader(@ForAll @Size(max = 300) byte[] bytes) throws Exception {
        Path file = Files.createTempFile("fuzz", ".sks");
        try {
            Files.write(file, bytes);
            Throwable thrown = catchThrowable(() -> KeystoreFileFormat.decode(KeystoreFile.read(file), Passphrase.of("fuzz")));
            assertThat(thrown).isInstanceOf(KeystoreException.class);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The file is refused with a KeystoreException, or, when it equals the valid file (or, with valid
     * trailers, happens to parse), read; anything else fails the property.
     */
    private static void assertRefusedOrIdentical(byte[] file, boolean mayParse) {
        long start = System.nanoTime();
        try (Passphrase passphrase = Passphrase.of("fuzz")) {
            Throwable thrown = catchThrowable(() -> KeystoreFileFormat.decode(file, passphrase));
            if (thrown == null) {
                assertThat(mayParse || Arrays.equals(file, VALID)).as("a changed file was accepted").isTrue();
            } else {
                assertThat(thrown).isInstanceOf(KeystoreException.class);
            }
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for one file").isLessThan(10_000);
    }

}
