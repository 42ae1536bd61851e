package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.SealedList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every released snapshot format stays readable: the golden file of each version (written once by
 * {@link GoldenSnapshotGenerator} with that version's writer) loads, and every key comes back with its
 * expiry and a value that opens to what was stored; from version 3, a list whose ends are slices comes
 * back with exactly its live elements.
 */
class SnapshotGoldenTest {
    private final ValueCodec codec = new SealingValueCodec(new GoldenKeyRing());

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theGoldenFileOfEveryReleasedVersionLoadsWithEveryValueAndExpiry(int version) throws Exception {
        String directory = "/golden/snapshot/v" + version + "/";
        List<String> expected = lines(directory + "strings.tsv");
        List<String> lists = version >= 3 ? lines(directory + "strings-lists.tsv") : List.of();
        Keyspace keyspace = new Keyspace(16);
        try (InputStream file = getClass().getResourceAsStream(directory + "strings.sealed")) {
            assertThat(SnapshotReader.header(file).formatVersion()).isEqualTo(version);
        }
        try (InputStream file = getClass().getResourceAsStream(directory + "strings.sealed")) {
            SnapshotReader.Result result = SnapshotReader.load(file, codec, keyspace, false);
            assertThat(result.keysLoaded()).isEqualTo(expected.size() + lists.size());
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
            assertListsAsWritten(keyspace, lists);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private List<String> lines(String resource) throws IOException {
        try (InputStream tsv = getClass().getResourceAsStream(resource)) {
            List<String> lines = new String(tsv.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
            assertThat(lines).as(resource).isNotEmpty();
            return lines;
        }
    }

    private void assertListsAsWritten(Keyspace keyspace, List<String> lines) {
        HexFormat hex = HexFormat.of();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            Entry entry = keyspace.lookupRead(keyspace.database(Integer.parseInt(fields[0])), hex.parseHex(fields[1]));
            SealedList list = (SealedList) entry.value();
            assertThat(((ListNode) list.segment(0)).sliced()).as("a slice at the head").isTrue();
            assertThat(((ListNode) list.segment(list.segmentCount() - 1)).sliced()).as("a slice at the tail").isTrue();
            ElementSealer sealer = ElementSealer.of(codec, list);
            List<String> elements = new ArrayList<>();
            for (Object segment : list.segments()) {
                for (byte[] element : ListPacker.open(sealer, segment)) {
                    elements.add(hex.formatHex(element));
                }
            }
            assertThat(elements).as(line).isEqualTo(Arrays.asList(fields).subList(2, fields.length));
        }
    }
}
