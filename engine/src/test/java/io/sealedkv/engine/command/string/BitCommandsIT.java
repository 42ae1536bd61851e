package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP; expected replies are those of redis-server 7.0.15. */
class BitCommandsIT extends ServerPerClass {
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";

    private void setBytes(String key, int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        jedis.set(key.getBytes(), value);
    }

    @Test
    void setbitReturnsThePreviousBitAndGrowsTheString() {
        assertThat(send.integer("SETBIT", "b", "7", "1")).isZero();
        assertThat(jedis.get("b".getBytes())).containsExactly(1);
        assertThat(send.integer("SETBIT", "b", "7", "0")).isEqualTo(1);
        assertThat(send.integer("SETBIT", "b", "100", "1")).isZero();
        assertThat(jedis.strlen("b")).isEqualTo(13);
        assertThat(jedis.getbit("b", 100)).isTrue();
        assertThat(jedis.getbit("b", 101)).isFalse();
        assertThat(jedis.getbit("b", 100_000)).isFalse();
        assertThat(send.integer("SETBIT", "b", "0", "1")).isZero();
        assertThat(jedis.get("b".getBytes())[0]).isEqualTo((byte) 0x80);
    }

    @Test
    void setbitZeroOnMissingKeyCreatesIt() {
        assertThat(send.integer("SETBIT", "z", "0", "0")).isZero();
        assertThat(jedis.get("z".getBytes())).containsExactly(0);
    }

    @Test
    void setbitKeepsTheExpiry() {
        jedis.setex("k", 100, "a");
        jedis.setbit("k", 7, false);
        assertThat(jedis.get("k")).isEqualTo("`");
        assertThat(jedis.ttl("k")).isBetween(1L, 100L);
    }

    @Test
    void getbitOfMissingKeyIsZero() {
        assertThat(send.integer("GETBIT", "missing", "5")).isZero();
        assertThat(send.integer("GETBIT", "missing", "4294967295")).isZero();
    }

    @Test
    void setbitAndGetbitRejectBadArguments() {
        jedis.set("b", "x");
        assertThat(send.error("SETBIT", "b", "1", "2")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "1", "-1")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "1", "x")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "1", " 1")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "1", "01")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "4294967295", "x")).isEqualTo(BAD_BIT);
        assertThat(send.error("SETBIT", "b", "-1", "1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("SETBIT", "b", "x", "1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("SETBIT", "b", "-1", "5")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("SETBIT", "b", "4294967296", "1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("SETBIT", "b", "#1", "1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("GETBIT", "b", "4294967296")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("GETBIT", "b", "-1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("GETBIT", "missing", "-1")).isEqualTo(BAD_OFFSET);
        assertThat(send.error("GETBIT", "b", "#1")).isEqualTo(BAD_OFFSET);
        assertThat(jedis.get("b")).isEqualTo("x");
    }

    @Test
    void bitcountCountsBytesOrBitRanges() {
        jedis.set("s", "foobar");
        assertThat(send.integer("BITCOUNT", "s")).isEqualTo(26);
        assertThat(send.integer("BITCOUNT", "s", "0", "0")).isEqualTo(4);
        assertThat(send.integer("BITCOUNT", "s", "1", "1")).isEqualTo(6);
        assertThat(send.integer("BITCOUNT", "s", "1", "1", "BYTE")).isEqualTo(6);
        assertThat(send.integer("BITCOUNT", "s", "5", "30", "BIT")).isEqualTo(17);
        assertThat(send.integer("BITCOUNT", "s", "5", "30", "bit")).isEqualTo(17);
        assertThat(send.integer("BITCOUNT", "s", "-9", "-1", "BIT")).isEqualTo(5);
        assertThat(send.integer("BITCOUNT", "s", "3", "3", "BIT")).isZero();
        assertThat(send.integer("BITCOUNT", "s", "46", "47", "bit")).isEqualTo(1);
        assertThat(send.integer("BITCOUNT", "s", "47", "47", "bit")).isZero();
        assertThat(send.integer("BITCOUNT", "s", "0", "1000", "BIT")).isEqualTo(26);
    }

    @Test
    void bitcountNormalisesNegativeAndOutOfRangeIndexes() {
        jedis.set("s", "foobar");
        assertThat(send.integer("BITCOUNT", "s", "-1", "-1")).isEqualTo(4);
        assertThat(send.integer("BITCOUNT", "s", "-2", "-1")).isEqualTo(7);
        assertThat(send.integer("BITCOUNT", "s", "-1", "-2")).isZero();
        assertThat(send.integer("BITCOUNT", "s", "0", "-100")).isEqualTo(4);
        assertThat(send.integer("BITCOUNT", "s", "-100", "-50")).isEqualTo(4);
        assertThat(send.integer("BITCOUNT", "s", "-100", "-200")).isZero();
        assertThat(send.integer("BITCOUNT", "s", "100", "200")).isZero();
        assertThat(send.integer("BITCOUNT", "s", "-5", "-10", "bit")).isZero();
        jedis.set("e", "");
        assertThat(send.integer("BITCOUNT", "e")).isZero();
        assertThat(send.integer("BITCOUNT", "e", "0", "-1", "bit")).isZero();
    }

    @Test
    void bitcountChecksArgumentsOnlyForExistingKeys() {
        jedis.set("s", "foobar");
        assertThat(send.error("BITCOUNT", "s", "0")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITCOUNT", "s", "a", "1")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITCOUNT", "s", "0", "a", "foo")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITCOUNT", "s", "0", "1", "foo")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITCOUNT", "s", "0", "1", "bit", "extra")).isEqualTo("ERR syntax error");
        assertThat(send.integer("BITCOUNT", "missing")).isZero();
        assertThat(send.integer("BITCOUNT", "missing", "0")).isZero();
        assertThat(send.integer("BITCOUNT", "missing", "a", "b")).isZero();
        assertThat(send.integer("BITCOUNT", "missing", "0", "1", "foo")).isZero();
    }

    @Test
    void bitposFindsSetAndClearBits() {
        setBytes("s", 0xff, 0xf0, 0x00);
        assertThat(send.integer("BITPOS", "s", "0")).isEqualTo(12);
        assertThat(send.integer("BITPOS", "s", "1")).isZero();
        assertThat(send.integer("BITPOS", "s", "1", "2")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "0", "0", "0")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "1", "2", "-1", "byte")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "0", "7", "15", "bit")).isEqualTo(12);
        assertThat(send.integer("BITPOS", "s", "0", "0", "3", "bit")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "1", "7", "15", "bit")).isEqualTo(7);
        assertThat(send.integer("BITPOS", "s", "1", "12", "20", "bit")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "1", "1", "1", "bit")).isEqualTo(1);
        assertThat(send.integer("BITPOS", "s", "0", "-2", "-1", "bit")).isEqualTo(22);
        assertThat(send.integer("BITPOS", "s", "0", "23", "23", "bit")).isEqualTo(23);
    }

    @Test
    void bitposForClearBitsLooksPastTheEndOnlyWithoutAnExplicitEnd() {
        setBytes("f", 0xff, 0xff, 0xff);
        assertThat(send.integer("BITPOS", "f", "0")).isEqualTo(24);
        assertThat(send.integer("BITPOS", "f", "0", "0")).isEqualTo(24);
        assertThat(send.integer("BITPOS", "f", "0", "-1")).isEqualTo(24);
        assertThat(send.integer("BITPOS", "f", "0", "0", "-1")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "f", "0", "0", "100")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "f", "0", "0", "-1", "bit")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "f", "0", "3", "4", "bit")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "f", "1", "3", "4", "bit")).isEqualTo(3);
        assertThat(send.integer("BITPOS", "f", "0", "100")).isEqualTo(-1);
        setBytes("z", 0, 0, 0);
        assertThat(send.integer("BITPOS", "z", "1")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "z", "0")).isZero();
        assertThat(send.integer("BITPOS", "z", "1", "0", "-1", "bit")).isEqualTo(-1);
    }

    @Test
    void bitposNormalisesNegativeRanges() {
        setBytes("s", 0xff, 0xf0, 0x00);
        assertThat(send.integer("BITPOS", "s", "1", "-100", "-50")).isZero();
        assertThat(send.integer("BITPOS", "s", "1", "-100", "-200")).isZero();
        assertThat(send.integer("BITPOS", "s", "0", "-100", "-200")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "1", "5", "2")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "0", "5", "2")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "s", "1", "-1", "-5", "bit")).isEqualTo(-1);
    }

    @Test
    void bitposOnMissingOrEmptyValues() {
        assertThat(send.integer("BITPOS", "missing", "0")).isZero();
        assertThat(send.integer("BITPOS", "missing", "1")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "missing", "1", "a")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "missing", "0", "1", "2", "foo")).isZero();
        jedis.set("e", "");
        assertThat(send.integer("BITPOS", "e", "0")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "e", "1")).isEqualTo(-1);
        assertThat(send.integer("BITPOS", "e", "0", "0", "-1")).isEqualTo(-1);
    }

    @Test
    void bitposRejectsBadArguments() {
        setBytes("s", 0xff, 0xf0, 0x00);
        assertThat(send.error("BITPOS", "missing", "2")).isEqualTo("ERR The bit argument must be 1 or 0.");
        assertThat(send.error("BITPOS", "s", "2")).isEqualTo("ERR The bit argument must be 1 or 0.");
        assertThat(send.error("BITPOS", "s", "x")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITPOS", "s", "1", "a")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITPOS", "s", "1", "0", "a")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITPOS", "s", "1", "0", "a", "foo")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITPOS", "s", "1", "a", "0", "foo")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITPOS", "s", "1", "0", "1", "foo")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITPOS", "s", "1", "0", "1", "bit", "x")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITPOS", "s", "0", "3", "bit")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("BITPOS", "s")).isEqualTo("ERR wrong number of arguments for 'bitpos' command");
    }

    @Test
    void bitopCombinesSourcesPaddedWithZeros() {
        jedis.set("a", "foobar");
        jedis.set("b", "abcdef");
        jedis.set("c", "xy");
        assertThat(send.integer("BITOP", "and", "d", "a", "b")).isEqualTo(6);
        assertThat(jedis.get("d")).isEqualTo("`bc`ab");
        assertThat(send.integer("BITOP", "or", "d", "a", "c")).isEqualTo(6);
        assertThat(jedis.get("d".getBytes())).containsExactly('~', 0x7f, 'o', 'b', 'a', 'r');
        assertThat(send.integer("BITOP", "xor", "d", "a", "c")).isEqualTo(6);
        assertThat(jedis.get("d".getBytes())).containsExactly(0x1e, 0x16, 'o', 'b', 'a', 'r');
        assertThat(send.integer("BITOP", "not", "d", "c")).isEqualTo(2);
        assertThat(jedis.get("d".getBytes())).containsExactly(0x87, 0x86);
        assertThat(send.integer("BITOP", "AnD", "d", "a")).isEqualTo(6);
        assertThat(jedis.get("d")).isEqualTo("foobar");
        assertThat(send.integer("BITOP", "and", "a", "a", "c")).isEqualTo(6);
        assertThat(jedis.get("a".getBytes())).containsExactly('`', 'i', 0, 0, 0, 0);
    }

    @Test
    void bitopTreatsMissingKeysAsEmptyAndDropsTheExpiry() {
        jedis.set("a", "foobar");
        jedis.set("d", "x");
        jedis.expire("d", 100);
        assertThat(send.integer("BITOP", "and", "d", "a", "missing")).isEqualTo(6);
        assertThat(jedis.ttl("d")).isEqualTo(-1);
        assertThat(jedis.get("d".getBytes())).containsExactly(0, 0, 0, 0, 0, 0);
        jedis.set("e", "");
        assertThat(send.integer("BITOP", "and", "d", "e", "a")).isEqualTo(6);
        assertThat(jedis.get("d".getBytes())).containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void bitopWithOnlyEmptySourcesDeletesTheDestination() {
        jedis.set("d", "x");
        assertThat(send.integer("BITOP", "and", "d", "missing")).isZero();
        assertThat(jedis.exists("d")).isFalse();
        jedis.set("d", "x");
        jedis.set("e", "");
        assertThat(send.integer("BITOP", "or", "d", "missing", "e")).isZero();
        assertThat(jedis.exists("d")).isFalse();
        jedis.set("d", "x");
        assertThat(send.integer("BITOP", "not", "d", "e")).isZero();
        assertThat(jedis.exists("d")).isFalse();
    }

    @Test
    void bitopRejectsBadArguments() {
        jedis.set("a", "foobar");
        assertThat(send.error("BITOP", "not", "d", "a", "b"))
                .isEqualTo("ERR BITOP NOT must be called with a single source key.");
        assertThat(send.error("BITOP", "foo", "d", "a")).isEqualTo("ERR syntax error");
        assertThat(send.error("BITOP", "not", "d")).isEqualTo("ERR wrong number of arguments for 'bitop' command");
        assertThat(send.error("BITOP", "and", "d")).isEqualTo("ERR wrong number of arguments for 'bitop' command");
        assertThat(jedis.exists("d")).isFalse();
    }
}
