package io.sealedkv.engine.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.FlushMode;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class KeyCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @Test
    void delExistsTypeAndTouchCountKeys() {
        jedis.mset("a", "1", "b", "2");
        assertThat(jedis.exists("a", "b", "a", "none")).isEqualTo(3);
        assertThat(jedis.type("a")).isEqualTo("string");
        assertThat(jedis.type("none")).isEqualTo("none");
        assertThat(jedis.touch("a", "none")).isEqualTo(1);
        assertThat(jedis.del("a", "none")).isEqualTo(1);
        assertThat(jedis.unlink("b")).isEqualTo(1);
        assertThat(jedis.dbSize()).isZero();
    }

    @Test
    void renameKeepsValueAndTtlUnderTheNewName() {
        jedis.setex("old", 100, "value");
        assertThat(jedis.rename("old", "new")).isEqualTo("OK");
        assertThat(jedis.get("new")).isEqualTo("value");
        assertThat(jedis.ttl("new")).isBetween(99L, 100L);
        assertThat(jedis.exists("old")).isFalse();
        jedis.set("other", "x");
        assertThat(jedis.renamenx("new", "other")).isZero();
        assertThatThrownBy(() -> jedis.rename("absent", "x")).hasMessage("ERR no such key");
    }

    @Test
    void moveAndCopyReSealForTheTargetDatabase() {
        jedis.set("k", "v");
        assertThat(jedis.move("k", 3)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
        jedis.select(3);
        assertThat(jedis.get("k")).isEqualTo("v");
        assertThat(jedis.copy("k", "k2", false)).isTrue();
        assertThat(jedis.get("k2")).isEqualTo("v");
        assertThat(jedis.sendCommand(() -> "COPY".getBytes(), "k", "k", "DB", "0")).isEqualTo(1L);
        jedis.select(0);
        assertThat(jedis.get("k")).isEqualTo("v");
        assertThatThrownBy(() -> jedis.move("k", 0)).hasMessage("ERR source and destination objects are the same");
        assertThatThrownBy(() -> jedis.move("k", 16)).hasMessage("ERR DB index is out of range");
    }

    @Test
    void swapdbMovesDataWithoutResealing() {
        jedis.set("in0", "zero");
        jedis.select(1);
        jedis.set("in1", "one");
        assertThat(jedis.swapDB(0, 1)).isEqualTo("OK");
        assertThat(jedis.get("in0")).isEqualTo("zero");
        jedis.select(0);
        assertThat(jedis.get("in1")).isEqualTo("one");
        assertThat(jedis.get("in0")).isNull();
    }

    @Test
    void keysAndScanMatchPatterns() {
        for (int i = 0; i < 200; i++) {
            jedis.set("user:" + i, "v");
        }
        jedis.set("other", "v");
        assertThat(jedis.keys("user:1?")).hasSize(10);
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("user:*").count(17));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(200).allMatch(key -> key.startsWith("user:"));
        assertThatThrownBy(() -> jedis.scan("x")).hasMessage("ERR invalid cursor");
    }

    @Test
    void randomkeyDbsizeAndFlush() {
        assertThat(jedis.randomKey()).isNull();
        jedis.set("only", "v");
        assertThat(jedis.randomKey()).isEqualTo("only");
        assertThat(jedis.dbSize()).isEqualTo(1);
        assertThatThrownBy(() -> jedis.sendCommand(() -> "FLUSHDB".getBytes(), "LATER"))
                .hasMessage("ERR syntax error");
        assertThat(jedis.sendCommand(() -> "FLUSHDB".getBytes(), "ASYNC")).isEqualTo("OK".getBytes());
        assertThat(jedis.dbSize()).isZero();
    }

    @Test
    void expireOptionsFollowRedis() {
        jedis.set("k", "v");
        assertThat(jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "100", "XX")).isEqualTo(0L);
        assertThat(jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "100", "NX")).isEqualTo(1L);
        assertThat(jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "50", "GT")).isEqualTo(0L);
        assertThat(jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "50", "LT")).isEqualTo(1L);
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "5", "NX", "GT"))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "5", "SOON"))
                .hasMessage("ERR Unsupported option SOON");
        long at = jedis.expireTime("k");
        assertThat(jedis.pexpireTime("k") / 1000).isBetween(at - 1, at);
    }

    @Test
    void expireChecksItsOptionsBeforeItsTime() {
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "abc", "SOON"))
                .hasMessage("ERR Unsupported option SOON");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "PEXPIREAT".getBytes(), "k", "abc", "GT", "LT"))
                .hasMessage("ERR GT and LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), "k", "99999999999999999", "NX"))
                .hasMessage("ERR invalid expire time in 'expire' command");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIREAT".getBytes(), "k", "abc", "XX"))
                .hasMessage("ERR value is not an integer or out of range");
    }

    @Test
    void objectReportsRedisEncodings() {
        jedis.set("int", "12345");
        jedis.set("short", "hello");
        jedis.set("long", "x".repeat(45));
        assertThat(jedis.objectEncoding("int")).isEqualTo("int");
        assertThat(jedis.objectEncoding("short")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("long")).isEqualTo("raw");
        assertThat(jedis.objectEncoding("absent")).isNull();
        assertThat(jedis.objectIdletime("short")).isBetween(0L, 2L);
        assertThatThrownBy(() -> jedis.objectFreq("short")).hasMessageStartingWith("ERR An LFU maxmemory policy is not");
    }

    @Test
    void objectRefcountAndHelp() throws IOException {
        jedis.set("small", "42");
        jedis.set("text", "hello");
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("OBJECT REFCOUNT small\r\nOBJECT REFCOUNT text\r\n").read().text())
                    .isEqualTo(":2147483647\r\n:1\r\n");
            assertThat(client.send("OBJECT HELP\r\n").read().text()).startsWith("*15\r\n+OBJECT <subcommand>");
        }
    }

    @Test
    void relativeAndAbsoluteExpiryVariants() {
        jedis.set("k", "v");
        assertThat(jedis.pexpire("k", 100_000)).isEqualTo(1);
        assertThat(jedis.pttl("k")).isBetween(99_000L, 100_000L);
        long inAMinute = System.currentTimeMillis() / 1000 + 60;
        assertThat(jedis.expireAt("k", inAMinute)).isEqualTo(1);
        assertThat(jedis.expireTime("k")).isEqualTo(inAMinute);
        assertThat(jedis.expireAt("k", 1)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
    }

    @Test
    void objectFreqCountsAccessesUnderAnLfuPolicy() {
        jedis.configSet("maxmemory-policy", "allkeys-lfu");
        try {
            jedis.set("hot", "v");
            jedis.set("cold", "v");
            assertThat(jedis.objectFreq("cold")).isEqualTo(5);
            for (int i = 0; i < 2000; i++) {
                jedis.get("hot");
            }
            assertThat(jedis.objectFreq("hot")).isGreaterThan(5L);
            assertThat(jedis.objectFreq("cold")).isEqualTo(5);
            long hot = jedis.objectFreq("hot");
            jedis.rename("hot", "renamed");
            jedis.move("renamed", 1);
            jedis.select(1);
            assertThat(jedis.objectFreq("renamed")).as("RENAME and MOVE keep the counter").isGreaterThanOrEqualTo(hot);
            jedis.select(0);
            assertThatThrownBy(() -> jedis.objectIdletime("cold"))
                    .hasMessageStartingWith("ERR An LFU maxmemory policy is selected, idle time not tracked.");
        } finally {
            jedis.configSet("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void aSynchronousFlushGivesTheMemoryOfWhatItDroppedBack() {
        fill(40_000);
        WeakReference<Object> pages = storedValueOf("key:7");
        assertThat(jedis.flushAll()).isEqualTo("OK");
        assertThat(pages.get()).as("FLUSHALL: the dropped table's value pages are collected").isNull();
        fill(40_000);
        pages = storedValueOf("key:7");
        assertThat(jedis.flushDB(FlushMode.SYNC)).isEqualTo("OK");
        assertThat(pages.get()).as("FLUSHDB SYNC: the dropped table's value pages are collected").isNull();
    }

    private void fill(int keys) {
        Random random = new Random(keys);
        Pipeline pipeline = jedis.pipelined();
        byte[] value = new byte[100];
        for (int i = 0; i < keys; i++) {
            random.nextBytes(value);
            pipeline.set(("key:" + i).getBytes(StandardCharsets.US_ASCII), value.clone());
        }
        pipeline.sync();
    }

    /** What the keyspace stores for {@code key} (for a short string: its table's value arena), weakly held. */
    private static WeakReference<Object> storedValueOf(String key) {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Entry entry = keyspace.lookupRead(keyspace.database(0), key.getBytes(StandardCharsets.US_ASCII));
            return new WeakReference<>(entry.stored());
        } finally {
            keyspace.lock().unlock();
        }
    }

    @Test
    void flushallEmptiesEveryDatabase() {
        jedis.set("in0", "v");
        jedis.select(5);
        jedis.set("in5", "v");
        assertThat(jedis.flushAll()).isEqualTo("OK");
        assertThat(jedis.dbSize()).isZero();
        jedis.select(0);
        assertThat(jedis.dbSize()).isZero();
    }
}
