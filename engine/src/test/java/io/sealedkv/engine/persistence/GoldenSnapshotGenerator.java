package io.sealedkv.engine.persistence;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Wrote the golden snapshot file of each released format once, with {@link GoldenKeyRing}: the file
 * ({@code strings.sealed}) and what it holds ({@code strings.tsv}: database, key, plaintext, expire-at;
 * hex), and since version 3 a list whose both ends are slices ({@code strings-lists.tsv}: database, key,
 * the elements in order; hex). Not a test: the files are the record of a released format and are never
 * rewritten. Kept to show how they were made; run it only into an empty directory (arguments: the
 * directory, the name). {@code v1/} was written by the writer of commit 13101c3 (the last to write
 * format 1), {@code v2/} by the first writer of format 2 (without the list), {@code v3/} by the first of 3.
 */
final class GoldenSnapshotGenerator {
    /** 2100-01-01T00:00:00Z: far enough that the golden TTLs never pass. */
    static final long FAR_EXPIRY = 4_102_444_800_000L;

    private GoldenSnapshotGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createDirectories(Path.of(args[0]));
        GoldenKeyRing keys = new GoldenKeyRing().primary(1);
        ValueCodec codec = new SealingValueCodec(keys);
        Keyspace keyspace = new Keyspace(16);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            put(keyspace, codec, 0, ("key:" + i).getBytes(StandardCharsets.US_ASCII),
                    ("value " + i + " " + "r".repeat(i)).getBytes(StandardCharsets.US_ASCII), i % 4 == 0 ? FAR_EXPIRY + i : -1,
                    lines);
        }
        put(keyspace, codec, 0, new byte[0], "empty key".getBytes(StandardCharsets.US_ASCII), -1, lines);
        put(keyspace, codec, 0, new byte[] {0, (byte) 0xFF, '\n', '\t'}, new byte[0], -1, lines);
        put(keyspace, codec, 0, "compressible".getBytes(StandardCharsets.US_ASCII),
                "abcabcabc".repeat(200).getBytes(StandardCharsets.US_ASCII), FAR_EXPIRY, lines);
        keys.primary(2);
        for (int i = 0; i < 5; i++) {
            put(keyspace, codec, 3, ("v2:" + i).getBytes(StandardCharsets.US_ASCII),
                    new byte[] {(byte) i, (byte) 0x80, 0}, -1, lines);
        }
        List<String> lists = List.of(slicedList(keyspace, codec, 0, "list".getBytes(StandardCharsets.US_ASCII)));
        Persistence.write(keyspace, codec, directory.resolve(args[1] + ".sealed"));
        Files.write(directory.resolve(args[1] + ".tsv"), lines);
        Files.write(directory.resolve(args[1] + "-lists.tsv"), lists);
    }

    /** A list of 30 elements in nodes of 8, one element popped off each end without crypto (two slices). */
    private static String slicedList(Keyspace keyspace, ValueCodec codec, int dbIndex, byte[] key) {
        ElementSealer sealer = ElementSealer.forNew(codec);
        SealedList list = new SealedList(sealer.identity());
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            elements.add(("element " + i).getBytes(StandardCharsets.US_ASCII));
        }
        ListPacker.seal(sealer, elements, NodeFill.of(8), true).forEach(list::addLast);
        list.popElement(true);
        list.popElement(false);
        keyspace.load(keyspace.database(dbIndex), key, list, -1);
        HexFormat hex = HexFormat.of();
        StringBuilder line = new StringBuilder(dbIndex + "\t" + hex.formatHex(key));
        elements.subList(1, elements.size() - 1).forEach(element -> line.append('\t').append(hex.formatHex(element)));
        return line.toString();
    }

    private static void put(Keyspace keyspace, ValueCodec codec, int dbIndex, byte[] key, byte[] value, long expireAt,
                            List<String> lines) {
        var db = keyspace.database(dbIndex);
        keyspace.load(db, key, codec.seal(SealContext.of(db.id(), key), value), expireAt);
        HexFormat hex = HexFormat.of();
        lines.add(dbIndex + "\t" + hex.formatHex(key) + "\t" + hex.formatHex(value) + "\t" + expireAt);
    }
}
