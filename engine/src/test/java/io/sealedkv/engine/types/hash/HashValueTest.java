package io.sealedkv.engine.types.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hash payload (snapshots, DUMP) round trip, COPY's reseal, and the sealed pair layout. */
class HashValueTest {
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final SealingValueCodec codec = new SealingValueCodec(keystore, CodecOptions.DEFAULTS);

    @AfterEach
    void close() {
        keystore.close();
    }

    @Test
    void aListpackHashReadsBackAsItWasWritten() throws IOException {
        HashValue hash = listpack(ElementSealer.forNew(codec), pairs(5));
        HashValue read = roundTrip(hash);
        assertThat(read.encoding()).isEqualTo("listpack");
        assertThat(read.identity()).isEqualTo(hash.identity());
        assertThat(read.size()).isEqualTo(5);
        assertThat(read.block()).isEqualTo(hash.block());
        assertThat(contents(read, ElementSealer.of(codec, read))).isEqualTo(pairs(5));
    }

    @Test
    void aBlockRewrittenInPlaceLeavesTheCopiesHandedOutAndIsSeenAsChanged() {
        byte[] first = filled(60, 1);
        HashValue hash = HashValue.listpack(CollectionIdentity.fresh(1), first, 3);
        byte[] read = hash.block();

        hash.replaceBlock(filled(60, 2), 3);

        assertThat(read).isEqualTo(filled(60, 1));
        assertThat(hash.holdsBlock(read)).isFalse();
        assertThat(hash.block()).isEqualTo(filled(60, 2)).isNotSameAs(hash.block());
        assertThat(hash.holdsBlock(hash.block())).isTrue();
        hash.replaceBlock(filled(61, 3), 4);
        assertThat(hash.block()).isEqualTo(filled(61, 3));
        assertThat(hash.size()).isEqualTo(4);
    }

    @Test
    void aBlockThatChangedLengthGetsRoomForTheNextChangesAndIsWrittenExactly() throws IOException {
        HashValue hash = HashValue.listpack(CollectionIdentity.fresh(1), filled(60, 1), 3);
        long exact = hash.memoryBytes();
        hash.replaceBlock(filled(64, 2), 4);
        long roomy = hash.memoryBytes();

        hash.replaceBlock(filled(70, 3), 5);
        hash.replaceBlock(filled(58, 4), 3);

        assertThat(roomy).isGreaterThan(exact + 4);
        assertThat(hash.memoryBytes()).isEqualTo(roomy);
        assertThat(hash.block()).isEqualTo(filled(58, 4));
        assertThat(roundTrip(hash).block()).isEqualTo(filled(58, 4));
        List<byte[]> visited = new ArrayList<>();
        hash.forEachSealed(visited::add);
        assertThat(visited).containsExactly(filled(58, 4));
        hash.replaceBlock(filled(20, 5), 1);
        assertThat(hash.memoryBytes()).isLessThan(roomy);
    }

    @Test
    void aBlockKeepsItsArrayWhileItShrinksToHalfOfIt() {
        HashValue hash = HashValue.listpack(CollectionIdentity.fresh(1), filled(300, 1), 10);
        hash.replaceBlock(filled(320, 2), 10);
        long roomy = hash.memoryBytes();

        hash.replaceBlock(filled(220, 3), 10);
        hash.replaceBlock(filled(380, 4), 10);

        assertThat(hash.memoryBytes()).isEqualTo(roomy);
        assertThat(hash.block()).isEqualTo(filled(380, 4));
        hash.replaceBlock(filled(150, 5), 4);
        assertThat(hash.memoryBytes()).isLessThan(roomy);
        assertThat(hash.block()).isEqualTo(filled(150, 5));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aHashtableHashReadsBackWithItsTokens() throws IOException {
        ElementSealer sealer = ElementSealer.forNew(codec);
        HashValue hash = hashtable(sealer, pairs(40));
        HashValue read = roundTrip(hash);
        assertThat(read.encoding()).isEqualTo("hashtable");
        assertThat(read.size()).isEqualTo(40);
        assertThat(contents(read, sealer)).isEqualTo(pairs(40));
        assertThat(read.table().get(sealer.token(bytes("field7")))).isNotNull();
        assertThat(read.table().get(sealer.token(bytes("nope")))).isNull();
        List<byte[]> sealedBefore = new ArrayList<>();
        hash.forEachSealed(sealedBefore::add);
        List<byte[]> sealedAfter = new ArrayList<>();
        read.forEachSealed(sealedAfter::add);
        assertThat(sealedAfter).hasSameSizeAs(sealedBefore);
    }

    @Test
    void damagedPayloadsAreRefused() throws IOException {
        HashValue hash = hashtable(ElementSealer.forNew(codec), pairs(3));
        byte[] payload = payload(hash);
        for (int cut : new int[] {0, 5, 12, 17, payload.length - 1}) {
            byte[] truncated = Arrays.copyOf(payload, cut);
            assertThatThrownBy(() -> read(truncated)).as("cut at %d", cut).isInstanceOf(IOException.class);
        }
        byte[] zeroFields = payload.clone();
        zeroFields[13] = zeroFields[14] = zeroFields[15] = zeroFields[16] = 0;
        assertThatThrownBy(() -> read(zeroFields)).isInstanceOf(IOException.class);
        byte[] badEncoding = payload.clone();
        badEncoding[12] = 7;
        assertThatThrownBy(() -> read(badEncoding)).isInstanceOf(IOException.class);
    }

    @Test
    void copiesAreResealedForANewIdentity() {
        ElementSealer from = ElementSealer.forNew(codec);
        for (HashValue hash : List.of(listpack(from, pairs(4)), hashtable(from, pairs(30)))) {
            ElementSealer to = ElementSealer.forNew(codec);
            CollectionValue copy = hash.copy(from, to);
            assertThat(copy.identity()).isEqualTo(to.identity()).isNotEqualTo(hash.identity());
            assertThat(copy.encoding()).isEqualTo(hash.encoding());
            assertThat(contents((HashValue) copy, to)).isEqualTo(contents(hash, from));
        }
    }

    @Test
    void thePairLayoutRoundTripsLongAndEmptyElements() {
        PairList pairs = new PairList();
        pairs.set(new byte[0], new byte[0]);
        pairs.set(new byte[200], new byte[20_000]);
        pairs.set(bytes("a"), bytes("1"));
        PairList decoded = PairList.decode(pairs.encode());
        assertThat(decoded.size()).isEqualTo(3);
        assertThat(decoded.value(1)).hasSize(20_000);
        assertThat(decoded.get(bytes("a"))).isEqualTo(bytes("1"));
        assertThatThrownBy(() -> PairList.decode(new byte[] {5, 'a'})).isInstanceOf(IllegalStateException.class);
    }

    private static Map<String, String> pairs(int n) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            pairs.put("field" + i, "value" + i);
        }
        return pairs;
    }

    private static HashValue listpack(ElementSealer sealer, Map<String, String> pairs) {
        PairList list = new PairList();
        pairs.forEach((f, v) -> list.set(bytes(f), bytes(v)));
        return HashValue.listpack(sealer.identity(), sealer.seal(list.encode()), list.size());
    }

    private static HashValue hashtable(ElementSealer sealer, Map<String, String> pairs) {
        FieldTable table = new FieldTable();
        pairs.forEach((f, v) -> table.put(sealer.token(bytes(f)), sealer.seal(PairList.encodePair(bytes(f), bytes(v)))));
        return HashValue.hashtable(sealer.identity(), table);
    }

    private static Map<String, String> contents(HashValue hash, ElementSealer sealer) {
        Map<String, String> contents = new LinkedHashMap<>();
        if (hash.isListpack()) {
            PairList pairs = PairList.decode(sealer.open(hash.block()));
            for (int i = 0; i < pairs.size(); i++) {
                contents.put(text(pairs.field(i)), text(pairs.value(i)));
            }
            return contents;
        }
        Map<String, String> unordered = new java.util.TreeMap<>((a, b) ->
            Integer.compare(Integer.parseInt(a.substring(5)), Integer.parseInt(b.substring(5))));
        hash.table().forEachStored((token, sealed) -> {
            PairList pair = PairList.decode(sealer.open(sealed));
            assertThat(token).isEqualTo(sealer.token(pair.field(0)));
            unordered.put(text(pair.field(0)), text(pair.value(0)));
        });
        contents.putAll(unordered);
        return contents;
    }

    private static HashValue roundTrip(HashValue hash) throws IOException {
        return (HashValue) read(payload(hash));
    }

    private static byte[] payload(HashValue hash) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        hash.writePayload(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static CollectionValue read(byte[] payload) throws IOException {
        return CollectionReaders.read(ValueType.HASH, new DataInputStream(new ByteArrayInputStream(payload)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
