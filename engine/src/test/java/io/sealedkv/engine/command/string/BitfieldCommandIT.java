package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BITFIELD and BITFIELD_RO; expected replies are those of redis-server 7.0.15. */
class BitfieldCommandIT extends ServerPerClass {
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String MAX = String.valueOf(Long.MAX_VALUE);
    private static final String MIN = String.valueOf(Long.MIN_VALUE);

    private List<Object> bitfield(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "BITFIELD";
        System.arraycopy(args, 0, argv, 1, args.length);
        return send.array(argv);
    }

    private static List<Long> longs(Long... values) {
        return Arrays.asList(values);
    }

    @Test
    void setGetAndIncrbyWrapByDefault() {
        assertThat(bitfield("bf", "set", "i8", "0", "100", "get", "i8", "0", "incrby", "i8", "0", "100"))
                .isEqualTo(longs(0L, 100L, -56L));
        assertThat(bitfield("bf", "get", "u4", "0", "get", "u4", "4", "get", "i4", "0", "set", "u4", "#1", "15",
                "get", "u8", "0")).isEqualTo(longs(12L, 8L, -4L, 8L, 207L));
        assertThat(jedis.get("bf".getBytes())).containsExactly(0xcf);
    }

    @Test
    void overflowPoliciesApplyToTheOperationsAfterThem() {
        bitfield("bf", "set", "i8", "0", "-56");
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "i8", "0", "100", "overflow", "fail", "incrby", "i8",
                "0", "100", "overflow", "wrap", "incrby", "i8", "0", "100")).isEqualTo(longs(44L, null, -112L));
        assertThat(bitfield("bf", "set", "u8", "0", "159")).isEqualTo(longs(144L));
        assertThat(bitfield("bf", "overflow", "sat", "set", "u8", "0", "-1", "get", "u8", "0"))
                .isEqualTo(longs(159L, 255L));
        assertThat(bitfield("bf", "overflow", "wrap", "set", "u8", "0", "-1", "get", "u8", "0"))
                .isEqualTo(longs(255L, 255L));
        assertThat(bitfield("bf", "overflow", "sat", "set", "i8", "0", "200", "overflow", "sat", "set", "i8", "0",
                "-200", "get", "i8", "0")).isEqualTo(longs(-1L, 127L, -128L));
        assertThat(bitfield("bf", "overflow", "fail", "set", "u8", "0", "256", "get", "u8", "0"))
                .isEqualTo(longs(null, 128L));
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "u8", "0", "-300")).isEqualTo(longs(0L));
        assertThat(bitfield("bf", "overflow", "wrap", "incrby", "u8", "0", "-300")).isEqualTo(longs(212L));
    }

    @Test
    void signed64BitFieldsOverflowAtTheLongLimits() {
        bitfield("bf", "set", "i64", "0", MAX);
        assertThat(bitfield("bf", "incrby", "i64", "0", "1")).isEqualTo(longs(Long.MIN_VALUE));
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "i64", "0", "1")).isEqualTo(longs(-Long.MAX_VALUE));
        assertThat(bitfield("bf", "overflow", "wrap", "incrby", "i64", "0", "1")).isEqualTo(longs(-(Long.MAX_VALUE - 1)));
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "i64", "0", "-1")).isEqualTo(longs(-Long.MAX_VALUE));
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "i64", "0", MIN)).isEqualTo(longs(Long.MIN_VALUE));
        assertThat(bitfield("bf", "overflow", "fail", "incrby", "i64", "0", "-1")).isEqualTo(longs((Long) null));
        assertThat(bitfield("bf", "set", "i64", "0", MIN, "incrby", "i64", "0", MAX, "incrby", "i64", "0", MAX,
                "overflow", "sat", "incrby", "i64", "0", MAX))
                .isEqualTo(longs(Long.MIN_VALUE, -1L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertThat(bitfield("bf", "overflow", "fail", "incrby", "i64", "0", MIN, "incrby", "i64", "0", MIN))
                .isEqualTo(longs(-1L, null));
    }

    @Test
    void unsigned63BitFieldsAndNarrowFields() {
        bitfield("bf", "set", "i64", "0", "-1");
        assertThat(bitfield("bf", "set", "i64", "0", "0")).isEqualTo(longs(-1L));
        assertThat(bitfield("bf", "overflow", "fail", "incrby", "u63", "0", "-1", "overflow", "sat", "incrby", "u63",
                "0", "-1", "overflow", "wrap", "incrby", "u63", "0", "-1", "incrby", "u63", "0", MAX, "overflow",
                "sat", "incrby", "u63", "0", "100", "incrby", "u63", "0", MIN))
                .isEqualTo(longs(null, 0L, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE, 0L));
        assertThat(bitfield("bf", "overflow", "sat", "set", "u63", "0", "-5", "overflow", "wrap", "set", "i3", "0",
                "5", "get", "i3", "0", "set", "i3", "0", "-5", "get", "i3", "0"))
                .isEqualTo(longs(0L, -1L, -3L, -3L, 3L));
        assertThat(bitfield("bf", "overflow", "sat", "incrby", "i5", "3", "100", "incrby", "i5", "3", "-100",
                "overflow", "wrap", "incrby", "i5", "3", "20", "overflow", "fail", "incrby", "i5", "3", "-30"))
                .isEqualTo(longs(15L, -16L, 4L, null));
        assertThat(bitfield("bf", "set", "u1", "2", "1", "get", "u1", "2", "get", "i1", "2", "overflow", "sat", "set",
                "i1", "2", "1", "get", "i1", "2", "incrby", "i1", "2", "-5"))
                .isEqualTo(longs(1L, 1L, -1L, -1L, 0L, -1L));
    }

    @Test
    void getsReadZerosPastTheEndAndCreateNothing() {
        assertThat(bitfield("missing", "get", "u8", "0", "get", "i64", "0")).isEqualTo(longs(0L, 0L));
        assertThat(jedis.exists("missing")).isFalse();
        assertThat(bitfield("missing")).isEmpty();
        jedis.set("s", "x");
        assertThat(bitfield("s", "get", "u8", "4294967295", "get", "u8", "#536870911", "get", "i16", "4"))
                .isEqualTo(longs(0L, 0L, -32768L));
        assertThat(bitfield("s")).isEmpty();
    }

    @Test
    void writesGrowTheStringAndKeepTheExpiry() {
        jedis.setex("k", 100, "a");
        assertThat(bitfield("k", "set", "u8", "#2", "255")).isEqualTo(longs(0L));
        assertThat(jedis.get("k".getBytes())).containsExactly('a', 0, 0xff);
        assertThat(jedis.ttl("k")).isBetween(1L, 100L);
        assertThat(bitfield("k", "set", "u8", "0", "1", "set", "u8", "0", "1")).isEqualTo(longs(97L, 1L));
    }

    @Test
    void bitfieldRoOnlyReads() {
        assertThat(send.array("BITFIELD_RO", "bf", "get", "u8", "0")).isEqualTo(longs(0L));
        bitfield("bf", "set", "i64", "0", MAX);
        assertThat(send.array("BITFIELD_RO", "bf", "get", "i64", "0", "get", "u63", "0", "get", "u63", "1", "get",
                "i64", "1")).isEqualTo(longs(Long.MAX_VALUE, Long.MAX_VALUE >> 1, Long.MAX_VALUE, -2L));
        assertThat(send.array("BITFIELD_RO", "bf", "overflow", "sat")).isEmpty();
        assertThat(send.array("BITFIELD_RO", "bf", "overflow", "sat", "get", "u8", "0")).isEqualTo(longs(127L));
        assertThat(send.array("BITFIELD_RO", "bf")).isEmpty();
        assertThat(send.error("BITFIELD_RO", "bf", "set", "u8", "0", "1"))
                .isEqualTo("ERR BITFIELD_RO only supports the GET subcommand");
        assertThat(send.error("BITFIELD_RO", "bf", "incrby", "u8", "0", "1", "get", "u8", "0"))
                .isEqualTo("ERR BITFIELD_RO only supports the GET subcommand");
        assertThat(send.error("BITFIELD_RO", "bf", "set", "u8", "0", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("BITFIELD_RO")).isEqualTo("ERR wrong number of arguments for 'bitfield_ro' command");
        assertThat(send.array("BITFIELD_RO", "bf", "get", "u8", "0")).isEqualTo(longs(127L));
    }

    @Test
    void rejectsMalformedOperationsBeforeRunningAny() {
        jedis.set("bf", "x");
        assertThat(send.error("BITFIELD", "bf", "get")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITFIELD", "bf", "get", "u8")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITFIELD", "bf", "set", "u8", "0")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITFIELD", "bf", "foo", "u8", "0")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITFIELD", "bf", "overflow")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITFIELD", "bf", "overflow", "bad", "get", "u8", "0"))
                .isEqualTo("ERR Invalid OVERFLOW type specified");
        for (String type : List.of("u64", "i65", "u0", "U8", "x8", "u", "u9x", "i-1")) {
            assertThat(send.error("BITFIELD", "bf", "get", type, "0")).isEqualTo(BAD_TYPE);
        }
        for (String offset : List.of("-1", "#-1", "#a", "#", "4294967296", "#536870912", "1.5")) {
            assertThat(send.error("BITFIELD", "bf", "get", "u8", offset)).isEqualTo(BAD_OFFSET);
        }
        assertThat(send.error("BITFIELD", "bf", "set", "u8", "0", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("BITFIELD", "bf", "set", "u8", "0", "1", "set", "u8", "0", "1.5"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("BITFIELD", "bf", "set", "u8", "0", "1", "get", "u64", "0")).isEqualTo(BAD_TYPE);
        assertThat(jedis.get("bf")).isEqualTo("x");
    }
}
