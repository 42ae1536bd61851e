package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every released snapshot format stays readable: the golden file of each version (written once by
 * {@link GoldenSnapshotGenerator} with that version's writer) loads, and every key comes back with its
 * expiry and a value that opens to what was stored.
 */
class SnapshotGoldenTest {
    private final ValueCodec codec = new SealingValueCodec(new GoldenKeyRing());

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theGoldenFileOfEveryReleasedVersionLoadsWithEveryValueAndExpiry(int version) throws Exception {
        String directory = "/golden/snapshot/v" + version + "/";
        List<String> expected;
        try (InputStream tsv = getClass().getResourceAsStream(directory + "strings.tsv")) {
            expected = new String(tsv.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        Keyspace keyspace = new Keyspace(16);
        try (InputStream file = getClass().getResourceAsStream(directory + "strings.sealed")) {
            assertThat(SnapshotReader.header(file).formatVersion()).isEqualTo(version);
        }
        try (InputStream file = getClass().getResourceAsStream(directory + "strings.sealed")) {
            SnapshotReader.Result result = SnapshotReader.load(file, codec, keyspace, false);
            assertThat(result.keysLoaded()).isEqualTo(expected.size());
        }
        HexFormat hex = HexFormat.of();
        keyspace.lock().lock();
        try {
            for (String line : expected) {
                String[] fields = line.split("\t", -1);
                Database db = keyspace.database(Integer.parseInt(fields[0]));
                byte[] key = hex.parseHex(fields[1]);
                Entry entry = keyspace.lookupRead(db, key);
                assertThat(entry).as(line).isNotNull();
                assertThat(codec.open(SealContext.of(db.id(), key), (byte[]) entry.value())).as(line)
                        .isEqualTo(hex.parseHex(fields[2]));
                assertThat(db.expireAt(entry)).as(line).isEqualTo(Long.parseLong(fields[3]));
            }
        } finally {
            keyspace.lock().unlock();
        }
    }
}
