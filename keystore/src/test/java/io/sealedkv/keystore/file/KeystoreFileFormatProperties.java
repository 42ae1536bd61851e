package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.VersionRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class KeystoreFileFormatProperties {
    private static final PassphraseKdf CHEAP = new PassphraseKdf(4, 8, 1);
    private static final Set<Reason> FRAMING = EnumSet.of(Reason.EMPTY, Reason.NOT_A_KEYSTORE,
            Reason.UNSUPPORTED_FORMAT_VERSION, Reason.TRUNCATED, Reason.DAMAGED);

    @Property(tries = 200)
    void whatIsWrittenReadsBackExactly(@ForAll("versions") List<VersionRecord> versions) {
        try (Passphrase passphrase = Passphrase.of("round trip")) {
            byte[] file = KeystoreFileFormat.encode(MasterKeys.generate(passphrase, CHEAP, new SecureRandom()), versions);
            List<VersionRecord> read = KeystoreFileFormat.decode(file, passphrase).versions();
            assertThat(read).hasSameSizeAs(versions);
            for (int i = 0; i < versions.size(); i++) {
                VersionRecord expected = versions.get(i);
                assertThat(read.get(i)).usingRecursiveComparison().isEqualTo(expected);
            }
        }
    }

    @Property(tries = 300)
    void anyChangedByteIsAFramingError(@ForAll("versions") List<VersionRecord> versions,
                                       @ForAll @IntRange(min = 0, max = 100_000) int position,
                                       @ForAll @IntRange(min = 1, max = 255) int mask) {
        try (Passphrase passphrase = Passphrase.of("flip")) {
            byte[] file = KeystoreFileFormat.encode(MasterKeys.generate(passphrase, CHEAP, new SecureRandom()), versions);
            file[position % file.length] ^= (byte) mask;
            KeystoreException e = catchThrowableOfType(KeystoreException.class,
                    () -> KeystoreFileFormat.decode(file, passphrase));
            assertThat(e).isNotNull();
            assertThat(e.reason()).isIn(FRAMING);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAfterAValidHeaderNeverEscapeAsAnotherException(@ForAll byte[] tail) {
        byte[] file = new byte[10 + tail.length];
        System.arraycopy(KeystoreFileFormat.MAGIC, 0, file, 0, 8);
        file[9] = KeystoreFileFormat.VERSION;
        System.arraycopy(tail, 0, file, 10, tail.length);
        try (Passphrase passphrase = Passphrase.of("garbage")) {
            KeystoreException e = catchThrowableOfType(KeystoreException.class,
                    () -> KeystoreFileFormat.decode(file, passphrase));
            assertThat(e).isNotNull();
            assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.DAMAGED);
        }
    }

    @Provide
    Arbitrary<List<VersionRecord>> versions() {
        return version().list().ofMaxSize(6);
    }

    private static Arbitrary<VersionRecord> version() {
        Arbitrary<KeyState> state = Arbitraries.of(KeyState.class);
        Arbitrary<byte[]> key = Arbitraries.bytes().array(byte[].class).ofSize(32);
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(1), state,
                Arbitraries.longs().between(0, 4_000_000_000_000L), Arbitraries.longs().greaterOrEqual(0), key)
                .as((id, s, millis, counters, k) -> new VersionRecord(id, s, Instant.ofEpochMilli(millis), counters,
                        s == KeyState.DESTROYED ? null : k));
    }
}
