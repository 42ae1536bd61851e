package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GETRANGE, SUBSTR and SETRANGE; expected replies are those of redis-server 7.0.15. */
class RangeCommandsIT extends ServerPerClass {
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    @Test
    void getrangeTakesInclusiveRangesWithNegativeIndexes() {
        jedis.set("s", "Hello World");
        assertThat(jedis.getrange("s", 0, 4)).isEqualTo("Hello");
        assertThat(jedis.getrange("s", -5, -1)).isEqualTo("World");
        assertThat(jedis.getrange("s", 10, 10)).isEqualTo("d");
        assertThat(jedis.getrange("s", -1, -1)).isEqualTo("d");
        assertThat(jedis.getrange("s", -100, 2)).isEqualTo("Hel");
    }

    @Test
    void getrangeClampsOutOfRangeIndexes() {
        jedis.set("s", "Hello World");
        assertThat(jedis.getrange("s", 0, 100)).isEqualTo("Hello World");
        assertThat(jedis.getrange("s", -100, -50)).isEqualTo("H");
        assertThat(jedis.getrange("s", 0, -100)).isEqualTo("H");
        assertThat(jedis.getrange("s", 3, -100)).isEmpty();
        assertThat(jedis.getrange("s", -1, -5)).isEmpty();
        assertThat(jedis.getrange("s", 5, 2)).isEmpty();
        assertThat(jedis.getrange("s", 11, 11)).isEmpty();
        assertThat(jedis.getrange("s", 20, 30)).isEmpty();
        assertThat(jedis.getrange("s", Long.MAX_VALUE, -1)).isEmpty();
        assertThat(jedis.getrange("s", Long.MIN_VALUE, -1)).isEqualTo("Hello World");
    }

    @Test
    void getrangeOfMissingOrEmptyValueIsEmpty() {
        assertThat(send.bulk("GETRANGE", "missing", "0", "-1")).isEmpty();
        jedis.set("e", "");
        assertThat(jedis.getrange("e", 0, -1)).isEmpty();
        assertThat(jedis.getrange("e", 0, 0)).isEmpty();
    }

    @Test
    void getrangeKeepsBinaryBytes() {
        byte[] value = {0, (byte) 0xff, '\r', '\n', (byte) 0x80};
        jedis.set("b".getBytes(), value);
        assertThat(jedis.getrange("b".getBytes(), 1, 3)).containsExactly((byte) 0xff, '\r', '\n');
    }

    @Test
    void getrangeRejectsBadIndexesEvenOnMissingKeys() {
        jedis.set("s", "Hello World");
        assertThat(send.error("GETRANGE", "s", "a", "1")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("GETRANGE", "missing", "a", "1")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("GETRANGE", "s", "0", "1.5")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("GETRANGE", "s", "0")).isEqualTo("ERR wrong number of arguments for 'getrange' command");
    }

    @Test
    void substrIsGetrange() {
        jedis.set("s", "Hello World");
        assertThat(send.bulk("SUBSTR", "s", "0", "2")).isEqualTo("Hel");
        assertThat(send.bulk("SUBSTR", "s", "-5", "-1")).isEqualTo("World");
        assertThat(send.error("SUBSTR", "s")).isEqualTo("ERR wrong number of arguments for 'substr' command");
    }

    @Test
    void setrangeOverwritesAndPadsWithZeros() {
        jedis.set("k", "Hello World");
        assertThat(jedis.setrange("k", 6, "Redis")).isEqualTo(11);
        assertThat(jedis.get("k")).isEqualTo("Hello Redis");
        jedis.set("k", "hello");
        assertThat(jedis.setrange("k", 8, "xy")).isEqualTo(10);
        assertThat(jedis.get("k".getBytes())).containsExactly('h', 'e', 'l', 'l', 'o', 0, 0, 0, 'x', 'y');
        assertThat(jedis.setrange("new", 2, "ab")).isEqualTo(4);
        assertThat(jedis.get("new".getBytes())).containsExactly(0, 0, 'a', 'b');
    }

    @Test
    void setrangeKeepsTheExpiry() {
        jedis.setex("k", 100, "hello");
        jedis.setrange("k", 0, "J");
        assertThat(jedis.get("k")).isEqualTo("Jello");
        assertThat(jedis.ttl("k")).isBetween(1L, 100L);
    }

    @Test
    void setrangeWithEmptyValueChangesNothing() {
        jedis.set("k", "hello");
        assertThat(jedis.setrange("k", 0, "")).isEqualTo(5);
        assertThat(send.integer("SETRANGE", "k", "536870912", "")).isEqualTo(5);
        assertThat(jedis.setrange("missing", 5, "")).isZero();
        assertThat(send.integer("SETRANGE", "missing", "536870912", "")).isZero();
        assertThat(jedis.exists("missing")).isFalse();
        assertThat(jedis.get("k")).isEqualTo("hello");
    }

    @Test
    void setrangeRejectsBadOffsets() {
        jedis.set("k", "hello");
        assertThat(send.error("SETRANGE", "k", "-1", "x")).isEqualTo("ERR offset is out of range");
        assertThat(send.error("SETRANGE", "missing", "-1", "")).isEqualTo("ERR offset is out of range");
        assertThat(send.error("SETRANGE", "k", "abc", "x")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("SETRANGE", "missing", "1.5", "")).isEqualTo(NOT_INTEGER);
        assertThat(send.error("SETRANGE", "k", "536870912", "x")).isEqualTo(TOO_LONG);
        assertThat(send.error("SETRANGE", "missing", "536870912", "x")).isEqualTo(TOO_LONG);
        assertThat(send.error("SETRANGE", "k", "536870911", "xy")).isEqualTo(TOO_LONG);
        assertThat(send.error("SETRANGE", "k", String.valueOf(Long.MAX_VALUE), "x")).isEqualTo(TOO_LONG);
        assertThat(jedis.exists("missing")).isFalse();
        assertThat(jedis.get("k")).isEqualTo("hello");
    }
}
