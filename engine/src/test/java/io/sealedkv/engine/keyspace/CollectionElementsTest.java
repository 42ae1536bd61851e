package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import io.sealedkv.engine.types.set.MemberBlock;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.zset.Pairs;
import io.sealedkv.engine.types.zset.ZSetValue;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CollectionElements}: every type and encoding, in order, stored tokens, plaintexts wiped. */
class CollectionElementsTest {
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final SealingValueCodec codec = new SealingValueCodec(keystore, CodecOptions.DEFAULTS);

    @AfterEach
    void close() {
        keystore.close();
    }

    @Test
    void listItemsComeInListOrderAcrossNodesAndSingles() {
        ElementSealer sealer = ElementSealer.forNew(codec);
        List<byte[]> items = strings("item", 100);
        SealedList list = new SealedList(sealer.identity());
        ListPacker.seal(sealer, copies(items), NodeFill.of(16), true).forEach(list::addLast);
        List<String> seen = new ArrayList<>();
        CollectionElements.forEach(list, sealer, (element, value, score, token) -> {
            assertThat(value).isNull();
            assertThat(score).isNaN();
            assertThat(token).isNull();
            seen.add(text(element));
        });
        assertThat(seen).isEqualTo(texts(items));
    }

    @Test
    void hashPairsOfBothEncodingsWithTheStoredFieldTokens() {
        ElementSealer sealer = ElementSealer.forNew(codec);
        PairList pairs = PairList.decode(new byte[0]);
        for (int i = 0; i < 3; i++) {
            pairs.append(bytes("f" + i), bytes("v" + i));
        }
        HashValue small = HashValue.listpack(sealer.identity(), sealer.seal(pairs.encode()), 3);
        List<String> seen = new ArrayList<>();
        CollectionElements.forEach(small, sealer, (field, value, score, token) -> {
            assertThat(token).isNull();
            seen.add(text(field) + "=" + text(value));
        });
        assertThat(seen).containsExactly("f0=v0", "f1=v1", "f2=v2");

        FieldTable table = new FieldTable();
        for (int i = 0; i < 40; i++) {
            table.put(sealer.token(bytes("f" + i)), sealer.seal(PairList.encodePair(bytes("f" + i), bytes("v" + i))));
        }
        List<String> large = new ArrayList<>();
        CollectionElements.forEach(HashValue.hashtable(sealer.identity(), table), sealer, (field, value, score, token) -> {
            assertThat(token).isEqualTo(sealer.token(field));
            large.add(text(field) + "=" + text(value));
        });
        assertThat(large).hasSize(40).contains("f0=v0", "f39=v39").doesNotHaveDuplicates();
    }

    @Test
    void setMembersOfBothEncodingsAndAForgedTokenIsVisible() {
        ElementSealer sealer = ElementSealer.forNew(codec);
        SetValue small = SetValue.small(sealer.identity(),
                sealer.seal(MemberBlock.encode(List.of(bytes("a"), bytes("b")))), 2, false);
        List<String> seen = new ArrayList<>();
        CollectionElements.forEach(small, sealer, (member, value, score, token) -> seen.add(text(member)));
        assertThat(seen).containsExactly("a", "b");

        SetValue large = SetValue.large(sealer.identity(), 4);
        large.add(sealer.token(bytes("m1")), sealer.seal(bytes("m1")));
        large.add(sealer.token(bytes("other")), sealer.seal(bytes("m2")));
        List<String> mismatched = new ArrayList<>();
        CollectionElements.forEach(large, sealer, (member, value, score, token) -> {
            if (!Arrays.equals(token, sealer.token(member))) {
                mismatched.add(text(member));
            }
        });
        assertThat(mismatched).containsExactly("m2");
    }

    @Test
    void sortedSetMembersWithScoresInOrderForBothEncodings() {
        ElementSealer sealer = ElementSealer.forNew(codec);
        Pairs pairs = new Pairs(4);
        pairs.append(bytes("low"), -1.5);
        pairs.append(bytes("mid"), 2);
        pairs.append(bytes("high"), Double.POSITIVE_INFINITY);
        ZSetValue small = ZSetValue.listpack(sealer.identity(), sealer.seal(pairs.encode()), 3);
        ZSetValue tree = ZSetValue.skiplist(sealer.identity(), ZSetValue.treeOf(pairs, sealer));
        for (ZSetValue zset : List.of(small, tree)) {
            List<String> seen = new ArrayList<>();
            CollectionElements.forEach(zset, sealer, (member, value, score, token) -> {
                if (token != null) {
                    assertThat(token).isEqualTo(sealer.token(member));
                }
                seen.add(text(member) + "@" + score);
            });
            assertThat(seen).as(zset.encoding()).containsExactly("low@-1.5", "mid@2.0", "high@Infinity");
        }
    }

    @Test
    void everyPlaintextIsWipedOnceTheVisitorReturns() {
        ElementSealer sealer = ElementSealer.forNew(codec);
        SetValue set = SetValue.large(sealer.identity(), 2);
        set.add(sealer.token(bytes("secret")), sealer.seal(bytes("secret")));
        SealedList list = new SealedList(sealer.identity());
        ListPacker.seal(sealer, strings("x", 40), NodeFill.of(8), true).forEach(list::addLast);
        FieldTable table = new FieldTable();
        table.put(sealer.token(bytes("f")), sealer.seal(PairList.encodePair(bytes("f"), bytes("v"))));
        for (CollectionValue collection : List.of(set, list, HashValue.hashtable(sealer.identity(), table))) {
            List<byte[]> handed = new ArrayList<>();
            CollectionElements.forEach(collection, sealer, (element, value, score, token) -> {
                handed.add(element);
                if (value != null) {
                    handed.add(value);
                }
            });
            assertThat(handed).isNotEmpty().allSatisfy(plain -> assertThat(plain).containsOnly((byte) 0));
        }
    }

    private static List<byte[]> strings(String prefix, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(bytes(prefix + i));
        }
        return out;
    }

    private static List<byte[]> copies(List<byte[]> arrays) {
        return arrays.stream().map(byte[]::clone).toList();
    }

    private static List<String> texts(List<byte[]> arrays) {
        return arrays.stream().map(CollectionElementsTest::text).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
