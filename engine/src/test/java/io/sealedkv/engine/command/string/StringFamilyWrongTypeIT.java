package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.StandInCollection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys holding another type than a string. No other type has commands yet, so the test stores a
 * foreign value through the write path; the replies, and which argument errors come first, are
 * those of redis-server 7.0.15 on a list.
 */
class StringFamilyWrongTypeIT extends ServerPerClass {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @BeforeEach
    void populate() {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            keyspace.writes().set(keyspace.database(0), "l".getBytes(StandardCharsets.US_ASCII), new StandInCollection(64), false);
        } finally {
            keyspace.lock().unlock();
        }
        jedis.set("a", "foobar");
    }

    @Test
    void rangeCommands() {
        assertThat(send.error("GETRANGE", "l", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(send.error("GETRANGE", "l", "a", "1")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(send.error("SUBSTR", "l", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(send.error("SETRANGE", "l", "0", "x")).isEqualTo(WRONGTYPE);
        assertThat(send.error("SETRANGE", "l", "0", "")).isEqualTo(WRONGTYPE);
        assertThat(send.error("SETRANGE", "l", "-1", "x")).isEqualTo("ERR offset is out of range");
    }

    @Test
    void bitCommands() {
        assertThat(send.error("SETBIT", "l", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(send.error("SETBIT", "l", "-1", "1")).isEqualTo("ERR bit offset is not an integer or out of range");
        assertThat(send.error("SETBIT", "l", "0", "5")).isEqualTo("ERR bit is not an integer or out of range");
        assertThat(send.error("GETBIT", "l", "0")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITCOUNT", "l")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITCOUNT", "l", "a", "b")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITCOUNT", "l", "0")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITPOS", "l", "1")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITPOS", "l", "1", "a")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITPOS", "l", "2")).isEqualTo("ERR The bit argument must be 1 or 0.");
    }

    @Test
    void bitopChecksSourcesButOverwritesAnyDestination() {
        assertThat(send.error("BITOP", "and", "d", "a", "l")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITOP", "not", "d", "l")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITOP", "foo", "d", "l")).isEqualTo("ERR syntax error");
        assertThat(jedis.exists("d")).isFalse();
        assertThat(send.integer("BITOP", "or", "l", "a")).isEqualTo(6);
        assertThat(jedis.get("l")).isEqualTo("foobar");
    }

    @Test
    void bitfield() {
        assertThat(send.error("BITFIELD", "l", "get", "u8", "0")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITFIELD", "l", "set", "u8", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITFIELD_RO", "l", "get", "u8", "0")).isEqualTo(WRONGTYPE);
        assertThat(send.error("BITFIELD", "l", "get", "u9x", "0"))
                .isEqualTo("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
                        + "i64 is.");
    }

    @Test
    void lcsNamesBothKeys() {
        String message = "ERR The specified keys must contain string values";
        assertThat(send.error("LCS", "a", "l")).isEqualTo(message);
        assertThat(send.error("LCS", "l", "a", "foo")).isEqualTo(message);
        assertThat(send.error("LCS", "l", "missing")).isEqualTo(message);
    }
}
