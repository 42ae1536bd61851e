package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

class StringCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
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
        assertThat(jedis.decr("n")).isEqualTo(39);
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

    @Test
    void conditionalAndTimedSets() {
        assertThat(jedis.setnx("k", "1")).isEqualTo(1);
        assertThat(jedis.setnx("k", "2")).isZero();
        assertThat(jedis.psetex("p", 100_000, "v")).isEqualTo("OK");
        assertThat(jedis.pttl("p")).isBetween(99_000L, 100_000L);
        assertThat(jedis.setex("s", 50, "v")).isEqualTo("OK");
        assertThat(jedis.ttl("s")).isEqualTo(50);
        assertThatThrownBy(() -> jedis.setex("s", 0, "v")).hasMessage("ERR invalid expire time in 'setex' command");
        assertThat(jedis.set("s", "w", SetParams.setParams().keepTtl())).isEqualTo("OK");
        assertThat(jedis.ttl("s")).isEqualTo(50);
    }

    @Test
    void multiKeyCommands() {
        assertThat(jedis.mset("a", "1", "b", "2")).isEqualTo("OK");
        assertThat(jedis.mget("a", "nokey", "b")).containsExactly("1", null, "2");
        assertThat(jedis.msetnx("b", "x", "c", "3")).isZero();
        assertThat(jedis.msetnx("c", "3", "d", "4")).isEqualTo(1);
        assertThatThrownBy(() -> jedis.sendCommand(() -> "MSET".getBytes(), "a", "1", "b"))
                .hasMessage("ERR wrong number of arguments for 'mset' command");
    }

    @Test
    void getVariantsChangeTheKeyAtomically() {
        jedis.set("k", "old");
        assertThat(jedis.getSet("k", "new")).isEqualTo("old");
        assertThat(jedis.getEx("k", GetExParams.getExParams().ex(100))).isEqualTo("new");
        assertThat(jedis.ttl("k")).isEqualTo(100);
        assertThat(jedis.getEx("k", GetExParams.getExParams().persist())).isEqualTo("new");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.getDel("k")).isEqualTo("new");
        assertThat(jedis.exists("k")).isFalse();
        assertThat(jedis.getDel("k")).isNull();
    }

    @Test
    void appendAndStrlenWorkOnThePlaintext() {
        assertThat(jedis.append("k", "Hello")).isEqualTo(5);
        assertThat(jedis.append("k", " World")).isEqualTo(11);
        assertThat(jedis.strlen("k")).isEqualTo(11);
        assertThat(jedis.strlen("nokey")).isZero();
        assertThat(jedis.get("k")).isEqualTo("Hello World");
    }

    @Test
    void incrbyfloatPrintsLikeRedis() {
        jedis.set("f", "10.5");
        assertThat(jedis.sendCommand(() -> "INCRBYFLOAT".getBytes(), "f", "0.1")).isEqualTo("10.6".getBytes());
        jedis.set("g", "1000.2");
        assertThat(jedis.sendCommand(() -> "INCRBYFLOAT".getBytes(), "g", "0.1"))
                .isEqualTo("1000.29999999999999999".getBytes());
        assertThatThrownBy(() -> jedis.sendCommand(() -> "INCRBYFLOAT".getBytes(), "f", "inf"))
                .hasMessage("ERR increment would produce NaN or Infinity");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "INCRBYFLOAT".getBytes(), "f", "1x"))
                .hasMessage("ERR value is not a valid float");
    }

    @Test
    void aDestroyedKeyVersionGivesAClearErrorNotAStackTrace() {
        jedis.set("sealed-under-v1", "v");
        server.keystore().rotate();
        server.keystore().destroy(1);
        assertThatThrownBy(() -> jedis.get("sealed-under-v1"))
                .hasMessage("ERR cannot open or seal the value: data key version 1 was destroyed");
        jedis.set("fresh", "v");
        assertThat(jedis.get("fresh")).isEqualTo("v");
    }

    @Test
    void concurrentIncrementsAreAtomic() throws Exception {
        int threads = 4;
        int perThread = 1000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Jedis own = server.jedis()) {
                    for (int i = 0; i < perThread; i++) {
                        own.incr("shared");
                        own.append("log", "x");
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(jedis.get("shared")).isEqualTo(String.valueOf(threads * perThread));
        assertThat(jedis.strlen("log")).isEqualTo(threads * perThread);
    }
}
