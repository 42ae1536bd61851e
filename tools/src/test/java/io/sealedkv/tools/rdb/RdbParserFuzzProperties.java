package io.sealedkv.tools.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated and truncated real RDB files (the one Redis 7.0 wrote and the hand-built v9/v11 ones) through
 * the whole import path (parse, then seal into a keyspace): the only outcomes allowed are a clean import
 * or a {@link BadRdbException}; never another exception, a hang or an OutOfMemoryError. Half of the
 * mutants get their CRC-64 recomputed, so the damage reaches the value parsers instead of the checksum.
 * Tries are bounded for CI; the notes record a longer run ({@code -Djqwik.tries.default} does not apply:
 * edit {@code TRIES} locally for one).
 */
class RdbParserFuzzProperties {
    private static final List<byte[]> SEEDS = List.of(RdbFixtures.redisV10(), RdbFixtures.version9(),
            RdbFixtures.version11(), RdbFixtures.unsupported());
    private static Keystore keystore;
    private static RdbImporter importer;

    @BeforeContainer
    static void open() {
        keystore = Keystores.open("memory", Map.of());
        importer = new RdbImporter(new SealingValueCodec(keystore, CodecOptions.DEFAULTS), MigrationSupport.config(16),
                true);
    }

    @AfterContainer
    static void close() {
        keystore.close();
    }

    record Mutant(byte[] bytes, boolean fixChecksum) {
    }

    @Property(tries = 400)
    void mutatedFilesImportOrFailCleanly(@ForAll("mutants") Mutant mutant) {
        byte[] file = mutant.bytes();
        if (mutant.fixChecksum() && file.length > 17) {
            Crc64 crc = new Crc64();
            crc.update(file, 0, file.length - 8);
            long value = crc.value();
            for (int i = 0; i < 8; i++) {
                file[file.length - 8 + i] = (byte) (value >>> (8 * i));
            }
        }
        String outcome = "imported";
        try {
            importer.load(new ByteArrayInputStream(file), file.length, new Keyspace(16));
        } catch (BadRdbException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            outcome = expected.getMessage().contains("CRC-64") ? "refused: checksum"
                    : expected.getMessage().contains("past the end") || expected.getMessage().contains("truncated")
                    ? "refused: length or truncation" : "refused: structure";
        }
        Statistics.label("outcome").collect(outcome);
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS).map(byte[]::clone);
        Arbitrary<List<int[]>> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .tuple3().map(t -> new int[] {t.get1(), t.get2(), t.get3()}).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(seed, edits, Arbitraries.of(true, false)).as((bytes, list, fix) -> {
            byte[] out = bytes;
            for (int[] edit : list) {
                out = apply(out, edit);
            }
            return new Mutant(out, fix);
        });
    }

    /** One edit: flip a bit, set a byte to a boundary value, cut, duplicate a slice, or delete a slice. */
    private static byte[] apply(byte[] file, int[] edit) {
        if (file.length == 0) {
            return file;
        }
        int at = edit[1] % file.length;
        switch (edit[0] % 6) {
            case 0 -> file[at] ^= (byte) (1 << (edit[2] % 8));
            case 1 -> file[at] = (byte) new int[] {0x00, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xC0, 0xC3, 0xFE, 0xFF}[edit[2] % 10];
            case 2 -> {
                return Arrays.copyOf(file, at);
            }
            case 3 -> {
                int length = Math.min(edit[2] % 64, file.length - at);
                byte[] out = new byte[file.length + length];
                System.arraycopy(file, 0, out, 0, at + length);
                System.arraycopy(file, at, out, at + length, file.length - at);
                return out;
            }
            case 4 -> {
                int length = Math.min(edit[2] % 64, file.length - at);
                byte[] out = new byte[file.length - length];
                System.arraycopy(file, 0, out, 0, at);
                System.arraycopy(file, at + length, out, at, file.length - at - length);
                return out;
            }
            default -> file[at] = (byte) edit[2];
        }
        return file;
    }
}
