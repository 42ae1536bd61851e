package io.sealedkv.tools.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.testing.HeapDumps;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-rdb and export-rdb handle every value in clear; once they are done, none may be left in the
 * heap (buffers, containers, decoded elements all wiped). The test keeps only masked copies of the values
 * while the heap is dumped (the control that the search finds kept plaintext is HeapDumpIT's, in the engine).
 */
class RdbHeapDumpIT {
    @TempDir
    Path dir;

    @Test
    void noImportedOrExportedValueStaysInTheHeap() throws Exception {
        List<byte[]> masked = List.of(HeapDumps.randomHexMasked(48), HeapDumps.randomHexMasked(4096),
                HeapDumps.randomHexMasked(40), HeapDumps.randomHexMasked(40), HeapDumps.randomHexMasked(40),
                HeapDumps.randomHexMasked(40), HeapDumps.randomHexMasked(40), HeapDumps.randomHexMasked(40));
        writeRdb(dir.resolve("in.rdb"), masked);
        Keystore keystore = Keystores.open("memory", Map.of());
        try {
            ValueCodec codec = new SealingValueCodec(keystore, CodecOptions.DEFAULTS);
            ImportReport imported = new RdbImporter(codec, MigrationSupport.config(16), false)
                    .run(dir.resolve("in.rdb"), dir.resolve("dump.sealed"));
            assertThat(imported.keys()).isEqualTo(6);
            ExportReport exported = new RdbExporter(codec, 16).run(dir.resolve("dump.sealed"), dir.resolve("out.rdb"),
                    10, false);
            assertThat(exported.keys()).isEqualTo(6);
            Path dump = dir.resolve("heap.hprof");
            HeapDumps.dumpHeap(dump);
            for (byte[] value : masked) {
                assertThat(HeapDumps.contains(dump, HeapDumps.unmask(value)))
                        .as("a value of %d bytes in the heap", value.length).isFalse();
            }
        } finally {
            keystore.close();
        }
    }

    /** Strings, a list, a hash, a set and a sorted set holding the unmasked values; nothing kept in clear. */
    private static void writeRdb(Path file, List<byte[]> masked) throws Exception {
        byte[][] plain = masked.stream().map(HeapDumps::unmask).toArray(byte[][]::new);
        RdbBuilder b = new RdbBuilder(10).selectDb(0);
        b.key(RdbFormat.TYPE_STRING, "small").string(plain[0]);
        b.key(RdbFormat.TYPE_STRING, "large").string(plain[1]);
        b.key(RdbFormat.TYPE_LIST, "list").length(2).string(plain[2]).string(plain[3]);
        b.key(RdbFormat.TYPE_HASH, "hash").length(1).string("field").string(plain[4]);
        b.key(RdbFormat.TYPE_SET, "set").length(2).string(plain[5]).string(plain[6]);
        b.key(RdbFormat.TYPE_ZSET_2, "zset").length(1).string(plain[7]).little(Double.doubleToLongBits(1.5), 8);
        byte[] bytes = b.finish();
        Files.write(file, bytes);
        Arrays.fill(bytes, (byte) 0);
        for (byte[] p : plain) {
            Arrays.fill(p, (byte) 0);
        }
    }
}
