package io.sealedkv.tools.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RdbParserTest {
    /** What a file holds, one line per key: "db key type value[ expireat=ms]", sorted. */
    static List<String> parse(byte[] file, boolean skipUnsupported, Map<String, Long> skipped) throws BadRdbException {
        List<String> lines = new ArrayList<>();
        RdbParser.parse(new RdbInput(new ByteArrayInputStream(file), file.length), new RdbParser.Handler() {
            @Override
            public void aux(byte[] name, byte[] value) {
            }

            @Override
            public void key(long db, byte[] key, long expireAtMillis, RdbValue value) {
                lines.add(db + " " + text(key) + " " + value.type() + " " + describe(value)
                        + (expireAtMillis >= 0 ? " expireat=" + expireAtMillis : ""));
            }

            @Override
            public void skipped(String what) {
                skipped.merge(what, 1L, Long::sum);
            }
        }, skipUnsupported);
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    static List<String> parse(byte[] file) throws BadRdbException {
        return parse(file, false, new TreeMap<>());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String describe(RdbValue value) {
        if (value instanceof RdbValue.Str s) {
            return text(s.value());
        }
        if (value instanceof RdbValue.ListOf l) {
            return l.elements().stream().map(RdbParserTest::text).toList().toString();
        }
        if (value instanceof RdbValue.SetOf s) {
            return s.members().stream().map(RdbParserTest::text).sorted().toList().toString();
        }
        if (value instanceof RdbValue.HashOf h) {
            Map<String, String> sorted = new TreeMap<>();
            for (int i = 0; i < h.fields().size(); i++) {
                sorted.put(text(h.fields().get(i)), text(h.values().get(i)));
            }
            return sorted.toString();
        }
        RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < z.members().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> z.scores()[i]).thenComparing(i -> text(z.members().get(i))));
        return order.stream().map(i -> text(z.members().get(i)) + "=" + z.scores()[i]).toList().toString();
    }

    @Test
    void crc64IsRedisJonesVariant() {
        Crc64 crc = new Crc64();
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(check, 0, check.length);
        assertThat(crc.value()).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void readsEveryEncodingOfAVersion9File() throws BadRdbException {
        assertThat(parse(RdbFixtures.version9())).containsExactlyElementsOf(RdbFixtures.version9Contents());
    }

    @Test
    void readsEveryEncodingOfAVersion11File() throws BadRdbException {
        assertThat(parse(RdbFixtures.version11())).containsExactlyElementsOf(RdbFixtures.version11Contents());
    }

    /** The hand-built files are checked in; regenerate with the environment variable RDB_WRITE_FIXTURES=DIR (src/test/resources/rdb). */
    @Test
    void checkedInHandBuiltFilesAreTheFixtures() throws IOException {
        String dir = System.getenv("RDB_WRITE_FIXTURES");
        if (dir != null) {
            Files.write(Path.of(dir, "handbuilt-v9.rdb"), RdbFixtures.version9());
            Files.write(Path.of(dir, "handbuilt-v11.rdb"), RdbFixtures.version11());
        }
        assertThat(RdbFixtures.resource("handbuilt-v9.rdb")).isEqualTo(RdbFixtures.version9());
        assertThat(RdbFixtures.resource("handbuilt-v11.rdb")).isEqualTo(RdbFixtures.version11());
    }

    @Test
    void readsTheFileRedis70Wrote() throws BadRdbException {
        List<String> keys = parse(RdbFixtures.redisV10());
        assertThat(keys).contains(
                "0 s:raw string hello expireat=" + RdbFixtures.FAR_FUTURE_MS,
                "0 s:int string 12345",
                "0 s:neg string -7",
                "0 s:big string 4000000000",
                "0 s:lzf string " + "abcdefgh".repeat(40),
                "0 s:bin\u0001\u00ff string x\u0001\u0002y",
                "0 l:small list [a, 1, b, -300, 70000]",
                "0 l:plain list [short, " + "P".repeat(200) + ", tail]",
                "0 h:small hash {f1=v1, f2=2}",
                "0 st:int set [-5, 1, 2, 3]",
                "0 st:str set [x, y, z]",
                "0 z:small zset [c=-Infinity, a=1.0, b=2.5]",
                "3 db3key string v expireat=" + RdbFixtures.FAR_FUTURE_MS);
        String bigList = keys.stream().filter(k -> k.startsWith("0 l:big ")).findFirst().orElseThrow();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            expected.add("element-long-enough-" + i);
        }
        assertThat(bigList).isEqualTo("0 l:big list " + expected);
        assertThat(keys.stream().filter(k -> k.startsWith("0 h:big ")).findFirst().orElseThrow())
                .contains("field600=value600").contains("field1=value1");
        assertThat(keys.stream().filter(k -> k.startsWith("0 z:big ")).findFirst().orElseThrow())
                .startsWith("0 z:big zset [m1=1.5, m2=2.5,").endsWith("m200=200.5]");
        assertThat(keys).hasSize(16);
    }

    @Test
    void refusesStreamsModulesAndFunctionsNamingThem() {
        assertThatThrownBy(() -> parse(RdbFixtures.unsupported())).isInstanceOf(BadRdbException.class)
                .hasMessageContaining("function library (FUNCTION2)").hasMessageContaining("--skip-unsupported");
    }

    @Test
    void skipsUnsupportedDataWhenAskedAndCountsIt() throws BadRdbException {
        Map<String, Long> skipped = new TreeMap<>();
        assertThat(parse(RdbFixtures.unsupported(), true, skipped))
                .containsExactly("0 kept string yes", "0 kept2 string yes");
        assertThat(skipped).containsExactlyInAnyOrderEntriesOf(Map.of("function", 1L, "module aux", 1L,
                "stream", 1L, "module", 1L));
    }

    @Test
    void refusesAStreamByName() {
        RdbBuilder b = new RdbBuilder(10).selectDb(0);
        b.key(RdbFormat.TYPE_STREAM_LISTPACKS_2, "s").length(0);
        assertThatThrownBy(() -> parse(b.finish())).hasMessageContaining("holds a stream");
    }

    @Test
    void truncatedAtEveryOffsetIsRefused() {
        byte[] file = RdbFixtures.redisV10();
        for (int cut = 0; cut < file.length; cut++) {
            byte[] truncated = Arrays.copyOf(file, cut);
            assertThatThrownBy(() -> parse(truncated)).as("cut at %d", cut).isInstanceOf(BadRdbException.class);
        }
    }

    @Test
    void badMagicUnknownVersionAndTrailingDataAreRefused() {
        byte[] file = RdbFixtures.version11();
        byte[] magic = file.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> parse(magic)).hasMessageContaining("bad magic");
        byte[] version = file.clone();
        version[8] = '2';
        assertThatThrownBy(() -> parse(version)).hasMessageContaining("unsupported RDB version 12");
        byte[] trailing = Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> parse(trailing)).hasMessageContaining("data after the end");
        assertThatThrownBy(() -> parse(new byte[0])).hasMessageContaining("not an RDB file");
    }

    @Test
    void aChangedByteFailsTheChecksum() {
        byte[] file = RdbFixtures.version9();
        int at = RdbFixtures.indexOf(file, "hello".getBytes(StandardCharsets.US_ASCII));
        file[at] = 'j';
        assertThatThrownBy(() -> parse(file)).hasMessageContaining("CRC-64 mismatch");
    }

    @Test
    void anExpiryBefore1970IsAPassedTimeNotNone() throws BadRdbException {
        RdbBuilder b = new RdbBuilder(10).selectDb(0).u8(RdbFormat.OPCODE_EXPIRETIME_MS).little(-5, 8)
                .key(RdbFormat.TYPE_STRING, "k").string("v");
        assertThat(parse(b.finish())).containsExactly("0 k string v expireat=0");
    }

    @Test
    void aZeroChecksumMeansNoneAsInRedis() throws BadRdbException {
        byte[] file = RdbFixtures.version11();
        Arrays.fill(file, file.length - 8, file.length, (byte) 0);
        assertThat(parse(file)).containsExactlyElementsOf(RdbFixtures.version11Contents());
    }

    @Test
    void hugeLengthsAreRefusedBeforeAllocating() {
        RdbBuilder string = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_STRING, "k");
        string.u8(0x81).little(Long.reverseBytes(1L << 40), 8);
        assertThatThrownBy(() -> parse(string.finish())).hasMessageContaining("runs past the end of the file");
        RdbBuilder list = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_LIST, "k").u8(0x80).little(Integer.reverseBytes(-1), 4);
        assertThatThrownBy(() -> parse(list.finish())).hasMessageContaining("cannot fit");
        RdbBuilder lzf = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_STRING, "k")
                .u8(0xC3).length(7).u8(0x80).little(Integer.reverseBytes(400_000_000), 4).raw(RdbFixtures.LZF_ABC);
        assertThatThrownBy(() -> parse(lzf.finish())).hasMessageContaining("claims 400000000 bytes");
        RdbBuilder lie = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_STRING, "k").lzfString(RdbFixtures.LZF_ABC, 13);
        assertThatThrownBy(() -> parse(lie.finish())).hasMessageContaining("does not decompress");
    }

    @Test
    void malformedContainersAreRefused() {
        byte[] ziplist = RdbBuilder.ziplist(List.of("a", "b"));
        ziplist[0]++;
        RdbBuilder badZiplist = new RdbBuilder(9).selectDb(0).key(RdbFormat.TYPE_LIST_ZIPLIST, "k").string(ziplist);
        assertThatThrownBy(() -> parse(badZiplist.finish())).hasMessageContaining("bad ziplist");
        RdbBuilder oddHash = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_HASH_LISTPACK, "k")
                .string(RdbBuilder.listpack(List.of("f", "v", "g")));
        assertThatThrownBy(() -> parse(oddHash.finish())).hasMessageContaining("field without a value");
        RdbBuilder duplicate = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_SET, "k").length(2).string("m").string("m");
        assertThatThrownBy(() -> parse(duplicate.finish())).hasMessageContaining("duplicate set member");
        RdbBuilder intset = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_SET_INTSET, "k")
                .string(RdbBuilder.intset(3, 1));
        assertThatThrownBy(() -> parse(intset.finish())).hasMessageContaining("bad intset");
        RdbBuilder nanScore = new RdbBuilder(10).selectDb(0).key(RdbFormat.TYPE_ZSET_2, "k").length(1).string("m")
                .little(Double.doubleToLongBits(Double.NaN), 8);
        assertThatThrownBy(() -> parse(nanScore.finish())).hasMessageContaining("NaN");
        RdbBuilder unknown = new RdbBuilder(10).selectDb(0).key(42, "k");
        assertThatThrownBy(() -> parse(unknown.finish())).hasMessageContaining("unknown value type 42");
    }
}
