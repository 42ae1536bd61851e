package io.sealedkv.tools.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The RDB files the tests read: hand-built version 9 and 11 files (every encoding Redis 6.x and 7.2
 * write, plus the legacy ones: ziplist lists, zipmaps, text scores, second-precision expiry), and the
 * checked-in file Redis 7.0.15 wrote (src/test/resources/rdb/make-redis-v10.sh).
 */
final class RdbFixtures {
    /** 2100-01-01T00:00:00Z. */
    static final long FAR_FUTURE_MS = 4102444800000L;
    /** "abcabcabcabc" as raw LZF: a literal run of 3, a back reference of 9 at distance 3. */
    static final byte[] LZF_ABC = {0x02, 'a', 'b', 'c', (byte) 0xE0, 0x00, 0x02};

    private RdbFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = RdbFixtures.class.getResourceAsStream("/rdb/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource rdb/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] redisV10() {
        return resource("redis-7.0-v10.rdb");
    }

    static byte[] version9() {
        RdbBuilder b = new RdbBuilder(9).aux("redis-ver", "6.2.14").aux("redis-bits", "64");
        b.selectDb(0).u8(RdbFormat.OPCODE_RESIZEDB).length(20).length(2);
        b.key(RdbFormat.TYPE_STRING, "str:raw").string("hello");
        b.key(RdbFormat.TYPE_STRING, "str:int8").intString(-5);
        b.key(RdbFormat.TYPE_STRING, "str:int16").intString(1000);
        b.key(RdbFormat.TYPE_STRING, "str:int32").intString(100000);
        b.key(RdbFormat.TYPE_STRING, "str:lzf").lzfString(LZF_ABC, 12);
        b.u8(RdbFormat.OPCODE_EXPIRETIME_MS).little(FAR_FUTURE_MS, 8).key(RdbFormat.TYPE_STRING, "str:ttlms").string("x");
        b.u8(RdbFormat.OPCODE_EXPIRETIME).little(FAR_FUTURE_MS / 1000, 4).key(RdbFormat.TYPE_STRING, "str:ttls").string("y");
        b.u8(RdbFormat.OPCODE_IDLE).length(5).u8(RdbFormat.OPCODE_FREQ).u8(3).key(RdbFormat.TYPE_STRING, "str:idle").string("z");
        b.u8(RdbFormat.OPCODE_EXPIRETIME_MS).little(1000, 8).key(RdbFormat.TYPE_STRING, "str:expired").string("gone");
        b.key(RdbFormat.TYPE_LIST_QUICKLIST, "list:quick").length(2)
                .string(RdbBuilder.ziplist(List.of("a", 1L, 300L, -70000L, 5_000_000_000L, 12L, -100L, 8_000_000L)))
                .string(RdbBuilder.ziplist(List.of("b")));
        b.key(RdbFormat.TYPE_LIST_ZIPLIST, "list:zip").string(RdbBuilder.ziplist(List.of("x", "y", 7L)));
        b.key(RdbFormat.TYPE_LIST, "list:plain").length(2).string("p").intString(42);
        b.key(RdbFormat.TYPE_SET_INTSET, "set:int").string(RdbBuilder.intset(2, -3, 1, 7));
        b.key(RdbFormat.TYPE_SET_INTSET, "set:int64").string(RdbBuilder.intset(8, -5_000_000_000L, 9));
        b.key(RdbFormat.TYPE_SET, "set:plain").length(2).string("m1").string("m2");
        b.key(RdbFormat.TYPE_ZSET_ZIPLIST, "zset:zip").string(RdbBuilder.ziplist(List.of("a", 1L, "b", "2.5")));
        b.key(RdbFormat.TYPE_ZSET, "zset:text").length(3).string("x").u8(3).raw(new byte[] {'1', '.', '5'})
                .string("y").u8(254).string("z").u8(255);
        b.key(RdbFormat.TYPE_ZSET_2, "zset:bin").length(2).string("p").little(Double.doubleToLongBits(0.25), 8)
                .string("q").little(Double.doubleToLongBits(-1e300), 8);
        b.key(RdbFormat.TYPE_HASH_ZIPLIST, "hash:zip").string(RdbBuilder.ziplist(List.of("f1", "v1", "f2", 99L)));
        b.key(RdbFormat.TYPE_HASH_ZIPMAP, "hash:zipmap").string(RdbBuilder.zipmap("a", "1", "bb", "22"));
        b.key(RdbFormat.TYPE_HASH, "hash:plain").length(2).string("k1").string("v1").string("k2").intString(5);
        b.selectDb(2).key(RdbFormat.TYPE_STRING, "db2:key").string("v");
        return b.finish();
    }

    /** What {@link #version9} holds, as {@link RdbParserTest#parse} describes it. */
    static List<String> version9Contents() {
        return List.of(
                "0 hash:plain hash {k1=v1, k2=5}",
                "0 hash:zip hash {f1=v1, f2=99}",
                "0 hash:zipmap hash {a=1, bb=22}",
                "0 list:plain list [p, 42]",
                "0 list:quick list [a, 1, 300, -70000, 5000000000, 12, -100, 8000000, b]",
                "0 list:zip list [x, y, 7]",
                "0 set:int set [-3, 1, 7]",
                "0 set:int64 set [-5000000000, 9]",
                "0 set:plain set [m1, m2]",
                "0 str:expired string gone expireat=1000",
                "0 str:idle string z",
                "0 str:int16 string 1000",
                "0 str:int32 string 100000",
                "0 str:int8 string -5",
                "0 str:lzf string abcabcabcabc",
                "0 str:raw string hello",
                "0 str:ttlms string x expireat=" + FAR_FUTURE_MS,
                "0 str:ttls string y expireat=" + FAR_FUTURE_MS,
                "0 zset:bin zset [q=-1.0E300, p=0.25]",
                "0 zset:text zset [z=-Infinity, x=1.5, y=Infinity]",
                "0 zset:zip zset [a=1.0, b=2.5]",
                "2 db2:key string v");
    }

    static byte[] version11() {
        RdbBuilder b = new RdbBuilder(11).aux("redis-ver", "7.2.4").aux("redis-bits", "64");
        b.selectDb(0);
        b.key(RdbFormat.TYPE_SET_LISTPACK, "set:lp").string(RdbBuilder.listpack(List.of("a", 5L, "c")));
        b.key(RdbFormat.TYPE_LIST_QUICKLIST_2, "list:q2").length(3)
                .length(RdbFormat.QUICKLIST_NODE_PACKED)
                .string(RdbBuilder.listpack(List.of("a", 100L, -2000L, 70000L, 1000L, -9_000_000_000L, "x".repeat(100))))
                .length(RdbFormat.QUICKLIST_NODE_PLAIN).string("PLAIN".repeat(50))
                .length(RdbFormat.QUICKLIST_NODE_PACKED).string(RdbBuilder.listpack(List.of("z", Long.MAX_VALUE)));
        b.key(RdbFormat.TYPE_HASH_LISTPACK, "hash:lp").string(RdbBuilder.listpack(List.of("f", "v", "n", 4095L)));
        b.key(RdbFormat.TYPE_ZSET_LISTPACK, "zset:lp").string(RdbBuilder.listpack(List.of("m", 3L, "n", "-0.5")));
        b.u8(RdbFormat.OPCODE_EXPIRETIME_MS).little(FAR_FUTURE_MS, 8).key(RdbFormat.TYPE_STRING, "s").string("v");
        return b.finish();
    }

    static List<String> version11Contents() {
        return List.of(
                "0 hash:lp hash {f=v, n=4095}",
                "0 list:q2 list [a, 100, -2000, 70000, 1000, -9000000000, " + "x".repeat(100) + ", "
                        + "PLAIN".repeat(50) + ", z, " + Long.MAX_VALUE + "]",
                "0 s string v expireat=" + FAR_FUTURE_MS,
                "0 set:lp set [5, a, c]",
                "0 zset:lp zset [n=-0.5, m=3.0]");
    }

    /** A version 11 file with a function library, a stream, a module value and module aux data around one string. */
    static byte[] unsupported() {
        RdbBuilder b = new RdbBuilder(11).aux("redis-ver", "7.2.4");
        b.u8(RdbFormat.OPCODE_FUNCTION2).string("#!lua name=mylib\nredis.register_function('f', function() return 1 end)");
        b.u8(RdbFormat.OPCODE_MODULE_AUX).length(12345).length(RdbFormat.MODULE_OPCODE_UINT).length(2)
                .length(RdbFormat.MODULE_OPCODE_STRING).string("aux").length(RdbFormat.MODULE_OPCODE_EOF);
        b.selectDb(0);
        b.key(RdbFormat.TYPE_STRING, "kept").string("yes");
        b.key(RdbFormat.TYPE_STREAM_LISTPACKS_3, "stream").length(1).string("0123456789abcdef")
                .string(RdbBuilder.listpack(List.of(1L, 2L)))
                .length(5).length(0).length(0)
                .length(0).length(0).length(0).length(0).length(5)
                .length(1).string("group").length(5).length(0).length(1)
                .length(1).raw(new byte[16]).little(0, 8).length(1)
                .length(1).string("consumer").little(0, 8).little(0, 8).length(1).raw(new byte[16]);
        b.key(RdbFormat.TYPE_MODULE_2, "module").length(12345).length(RdbFormat.MODULE_OPCODE_UINT).length(7)
                .length(RdbFormat.MODULE_OPCODE_DOUBLE).little(0, 8).length(RdbFormat.MODULE_OPCODE_FLOAT).little(0, 4)
                .length(RdbFormat.MODULE_OPCODE_EOF);
        b.key(RdbFormat.TYPE_STRING, "kept2").string("yes");
        return b.finish();
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
