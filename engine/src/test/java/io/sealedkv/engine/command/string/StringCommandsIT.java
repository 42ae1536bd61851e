package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

class StringCommandsIT {
    private static TestServer server;
    private Jedis jedis;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        jedis = server.jedis();
        jedis.flushAll();
    }

    @Test
    void setThenGetRoundTripsBinaryValues() {
        byte[] key = {0, 1, (byte) 0xff, '\r', '\n'};
        byte[] value = {(byte) 0xc3, 0x28, 0, '\n', 7};
        assertThat(jedis.set(key, value)).isEqualTo("OK");
        assertThat(jedis.get(key)).isEqualTo(value);
        assertThat(jedis.get("missing")).isNull();
    }

    @Test
    void setHonoursNxXxAndGet() {
        assertThat(jedis.set("k", "v1", SetParams.setParams().xx())).isNull();
        assertThat(jedis.set("k", "v1", SetParams.setParams().nx())).isEqualTo("OK");
        assertThat(jedis.set("k", "v2", SetParams.setParams().nx())).isNull();
        assertThat(jedis.setGet("k", "v3")).isEqualTo("v1");
        assertThat(jedis.get("k")).isEqualTo("v3");
    }

    @Test
    void setRejectsConflictingOptionsAndBadExpiry() {
        assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(), "k", "v", "NX", "XX"))
                .hasMessage("ERR syntax error");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(), "k", "v", "EX", "0"))
                .hasMessage("ERR invalid expire time in 'set' command");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(), "k", "v", "EX", "1.5"))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "SET".getBytes(), "k", "v", "KEEPTTL", "EX", "5"))
                .hasMessage("ERR syntax error");
    }

    @Test
    void incrementsAndOverflow() {
        assertThat(jedis.incr("n")).isEqualTo(1);
        assertThat(jedis.incrBy("n", 41)).isEqualTo(42);
        assertThat(jedis.decrBy("n", 2)).isEqualTo(40);
        jedis.set("n", String.valueOf(Long.MAX_VALUE));
        assertThatThrownBy(() -> jedis.incr("n")).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR increment or decrement would overflow");
        jedis.set("s", "abc");
        assertThatThrownBy(() -> jedis.incr("s")).hasMessage("ERR value is not an integer or out of range");
        assertThat(jedis.incrByFloat("f", 0.1)).isEqualTo(0.1);
        assertThat(jedis.get("f")).isEqualTo("0.1");
    }

    @Test
    void wrongArityNamesTheCommand() {
        assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes()))
                .hasMessage("ERR wrong number of arguments for 'get' command");
    }
}
