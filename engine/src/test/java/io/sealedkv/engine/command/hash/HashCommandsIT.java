package io.sealedkv.engine.command.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Every hash command and option over a real socket, on both encodings: each test runs once with the
 * default thresholds (listpack) and once after {@code hash-max-listpack-entries 0} (hashtable).
 */
class HashCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Jedis jedis(String encoding) {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("hash-max-listpack-entries", encoding.equals("listpack") ? "512" : "0");
        return jedis;
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hsetHgetHmsetHmgetAndTheEncoding(String encoding) {
        Jedis jedis = jedis(encoding);
        assertThat(jedis.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
        assertThat(jedis.hset("h", "a", "10")).isZero();
        assertThat(jedis.hmset("h", Map.of("c", "3"))).isEqualTo("OK");
        assertThat(jedis.hget("h", "a")).isEqualTo("10");
        assertThat(jedis.hget("h", "zz")).isNull();
        assertThat(jedis.hget("nokey", "a")).isNull();
        assertThat(jedis.hmget("h", "a", "zz", "c")).containsExactly("10", null, "3");
        assertThat(jedis.hmget("nokey", "a", "b")).containsExactly(null, null);
        assertThat(jedis.objectEncoding("h")).isEqualTo(encoding);
        assertThat(jedis.type("h")).isEqualTo("hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hsetnxSetsOnlyNewFields(String encoding) {
        Jedis jedis = jedis(encoding);
        assertThat(jedis.hsetnx("h", "a", "1")).isEqualTo(1);
        assertThat(jedis.hsetnx("h", "a", "2")).isZero();
        assertThat(jedis.hsetnx("h", "b", "3")).isEqualTo(1);
        assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hdelHexistsHlenHstrlenAndTheLastFieldDeletesTheKey(String encoding) {
        Jedis jedis = jedis(encoding);
        jedis.hset("h", Map.of("a", "1", "b", "22", "c", "333"));
        assertThat(jedis.hexists("h", "b")).isTrue();
        assertThat(jedis.hexists("h", "zz")).isFalse();
        assertThat(jedis.hexists("nokey", "a")).isFalse();
        assertThat(jedis.hstrlen("h", "c")).isEqualTo(3);
        assertThat(jedis.hstrlen("h", "zz")).isZero();
        assertThat(jedis.hlen("h")).isEqualTo(3);
        assertThat(jedis.hlen("nokey")).isZero();
        assertThat(jedis.hdel("h", "a", "zz", "a")).isEqualTo(1);
        assertThat(jedis.hdel("nokey", "a")).isZero();
        assertThat(jedis.hlen("h")).isEqualTo(2);
        assertThat(jedis.hdel("h", "b", "c")).isEqualTo(2);
        assertThat(jedis.exists("h")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hkeysHvalsHgetall(String encoding) {
        Jedis jedis = jedis(encoding);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            fields.put("f" + i, "v" + i);
        }
        fields.forEach((f, v) -> jedis.hset("h", f, v));
        assertThat(jedis.hgetAll("h")).isEqualTo(fields);
        assertThat(jedis.hkeys("h")).isEqualTo(fields.keySet());
        assertThat(jedis.hvals("h")).containsExactlyInAnyOrderElementsOf(fields.values());
        assertThat(jedis.hgetAll("nokey")).isEmpty();
        assertThat(jedis.hkeys("nokey")).isEmpty();
        assertThat(jedis.hvals("nokey")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void binaryAndEmptyFieldsAndValuesRoundTrip(String encoding) {
        Jedis jedis = jedis(encoding);
        byte[] field = {0, (byte) 0xff, '\r', '\n'};
        byte[] value = new byte[300];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        jedis.hset("h".getBytes(), field, value);
        jedis.hset("h".getBytes(), new byte[0], new byte[0]);
        assertThat(jedis.hget("h".getBytes(), field)).isEqualTo(value);
        assertThat(jedis.hget("h".getBytes(), new byte[0])).isEmpty();
        assertThat(jedis.hstrlen("h", "")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hincrbyAndItsErrors(String encoding) {
        Jedis jedis = jedis(encoding);
        assertThat(jedis.hincrBy("h", "n", 5)).isEqualTo(5);
        assertThat(jedis.hincrBy("h", "n", -7)).isEqualTo(-2);
        jedis.hset("h", Map.of("max", String.valueOf(Long.MAX_VALUE), "s", "abc", "sp", " 1"));
        assertThatThrownBy(() -> jedis.hincrBy("h", "max", 1))
            .hasMessage("ERR increment or decrement would overflow");
        assertThatThrownBy(() -> jedis.hincrBy("h", "s", 1)).hasMessage("ERR hash value is not an integer");
        assertThatThrownBy(() -> jedis.hincrBy("h", "sp", 1)).hasMessage("ERR hash value is not an integer");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "HINCRBY".getBytes(), "h", "n", "x"))
            .hasMessage("ERR value is not an integer or out of range");
        assertThat(jedis.hget("h", "n")).isEqualTo("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hincrbyfloatPrintsAsRedisAndRefusesInfinity(String encoding) {
        Jedis jedis = jedis(encoding);
        assertThat(jedis.hincrByFloat("h", "f", 10.5)).isEqualTo(10.5);
        jedis.hset("h", Map.of("x", "1000.2", "s", "abc", "i", "inf"));
        assertThat(send(jedis, "HINCRBYFLOAT", "h", "x", "0.1")).isEqualTo("1000.29999999999999999");
        assertThat(send(jedis, "HINCRBYFLOAT", "h", "x", "-0.29999999999999999")).isEqualTo("1000");
        assertThatThrownBy(() -> send(jedis, "HINCRBYFLOAT", "h", "x", "inf"))
            .hasMessage("ERR value is NaN or Infinity");
        assertThatThrownBy(() -> send(jedis, "HINCRBYFLOAT", "h", "x", "nan"))
            .hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> send(jedis, "HINCRBYFLOAT", "h", "s", "1"))
            .hasMessage("ERR hash value is not a float");
        assertThatThrownBy(() -> send(jedis, "HINCRBYFLOAT", "h", "i", "1"))
            .hasMessage("ERR increment would produce NaN or Infinity");
    }

    @Test
    void hrandfieldWithoutCountAndWithCounts() {
        Jedis jedis = jedis("listpack");
        assertThat(jedis.hrandfield("nokey")).isNull();
        assertThat(jedis.hrandfield("nokey", 3)).isEmpty();
        Map<String, String> fields = Map.of("a", "1", "b", "2", "c", "3");
        jedis.hset("h", fields);
        for (String encoding : List.of("listpack", "hashtable")) {
            if (encoding.equals("hashtable")) {
                jedis.configSet("hash-max-listpack-entries", "0");
                jedis.hset("h", "d", "4");
                fields = Map.of("a", "1", "b", "2", "c", "3", "d", "4");
            }
            assertThat(jedis.objectEncoding("h")).isEqualTo(encoding);
            assertThat(fields).containsKey(jedis.hrandfield("h"));
            assertThat(jedis.hrandfield("h", 100)).containsExactlyInAnyOrderElementsOf(fields.keySet());
            List<String> two = jedis.hrandfield("h", 2);
            assertThat(two).hasSize(2).doesNotHaveDuplicates();
            assertThat(fields.keySet()).containsAll(two);
            List<String> repeated = jedis.hrandfield("h", -10);
            assertThat(repeated).hasSize(10);
            assertThat(fields.keySet()).containsAll(repeated);
            assertThat(jedis.hrandfield("h", 0)).isEmpty();
            List<Map.Entry<String, String>> pairs = jedis.hrandfieldWithValues("h", -5);
            assertThat(pairs).hasSize(5);
            Map<String, String> expected = fields;
            pairs.forEach(p -> assertThat(p.getValue()).isEqualTo(expected.get(p.getKey())));
            assertThat(jedis.hrandfieldWithValues("h", 2)).hasSize(2);
        }
        assertThatThrownBy(() -> send(jedis, "HRANDFIELD", "h", "1", "x")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> send(jedis, "HRANDFIELD", "h", "x")).hasMessage(
            "ERR value is not an integer or out of range");
        assertThatThrownBy(() -> send(jedis, "HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"))
            .hasMessage("ERR value is out of range");
    }

    @Test
    void hrandfieldPicksEveryFieldOfAHashtableInTime() {
        Jedis jedis = jedis("hashtable");
        for (int i = 0; i < 10; i++) {
            jedis.hset("h", "f" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000 && seen.size() < 10; i++) {
            seen.add(jedis.hrandfield("h"));
        }
        assertThat(seen).hasSize(10);
    }

    @Test
    void hscanOfAListpackReturnsEverythingAtOnce() {
        Jedis jedis = jedis("listpack");
        jedis.hset("h", Map.of("a", "1", "b", "2", "ab", "3"));
        ScanResult<Map.Entry<String, String>> page = jedis.hscan("h", "0", new ScanParams().count(1));
        assertThat(page.getCursor()).isEqualTo("0");
        assertThat(page.getResult()).hasSize(3);
        page = jedis.hscan("h", "0", new ScanParams().match("a*"));
        assertThat(page.getResult()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("a", "ab");
        assertThat(jedis.hscan("nokey", "0").getResult()).isEmpty();
        assertThatThrownBy(() -> send(jedis, "HSCAN", "h", "0", "COUNT", "0")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> send(jedis, "HSCAN", "h", "x")).hasMessage("ERR invalid cursor");
    }

    @Test
    void hscanOfAHashtableVisitsEveryFieldWhileItGrows() {
        Jedis jedis = jedis("hashtable");
        Map<String, String> stable = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            stable.put("s" + i, "v" + i);
        }
        jedis.hset("h", stable);
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int added = 0;
        do {
            ScanResult<Map.Entry<String, String>> page = jedis.hscan("h", cursor, new ScanParams().count(20));
            page.getResult().forEach(e -> seen.put(e.getKey(), e.getValue()));
            cursor = page.getCursor();
            for (int i = 0; i < 50; i++) {
                jedis.hset("h", "new" + added++, "x");
            }
        } while (!cursor.equals("0"));
        assertThat(seen).containsAllEntriesOf(stable);
        ScanResult<Map.Entry<String, String>> matched = jedis.hscan("h", "0",
            new ScanParams().match("s1?").count(100000));
        assertThat(matched.getCursor()).isEqualTo("0");
        assertThat(matched.getResult()).hasSize(10);
    }

    /** As Redis 7.0, COUNT counts fields (pairs), not the field and value elements of the reply (fuzz-19's D4). */
    @Test
    void hscanCountCountsFields() {
        Jedis jedis = jedis("hashtable");
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            fields.put("f" + i, "v");
        }
        jedis.hset("h", fields);
        ScanResult<Map.Entry<String, String>> page = jedis.hscan("h", "0", new ScanParams().count(100));
        assertThat(page.getResult()).hasSizeBetween(100, 140);
    }

    @Test
    void thresholdsConvertToHashtableAndNeverBack() {
        Jedis jedis = jedis("listpack");
        jedis.configSet("hash-max-listpack-entries", "3");
        jedis.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        jedis.hset("h", "d", "4");
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        jedis.hdel("h", "a", "b", "c");
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("d", "4"));
        jedis.configSet("hash-max-listpack-entries", "512");
        jedis.hset("long", "a", "x".repeat(65));
        assertThat(jedis.objectEncoding("long")).isEqualTo("hashtable");
        jedis.hset("exact", "a", "x".repeat(64));
        assertThat(jedis.objectEncoding("exact")).isEqualTo("listpack");
        jedis.configSet("hash-max-listpack-value", "3");
        jedis.hincrBy("exact2", "a", 100000);
        assertThat(jedis.objectEncoding("exact2")).isEqualTo("hashtable");
        jedis.configSet("hash-max-listpack-value", "64");
    }

    @Test
    void wrongTypeAndWrongArity() {
        Jedis jedis = jedis("listpack");
        jedis.set("s", "v");
        for (String[] command : List.of(new String[] {"HSET", "s", "a", "1"}, new String[] {"HGET", "s", "a"},
                new String[] {"HMGET", "s", "a"}, new String[] {"HDEL", "s", "a"}, new String[] {"HLEN", "s"},
                new String[] {"HEXISTS", "s", "a"}, new String[] {"HSTRLEN", "s", "a"}, new String[] {"HKEYS", "s"},
                new String[] {"HVALS", "s"}, new String[] {"HGETALL", "s"}, new String[] {"HINCRBY", "s", "a", "1"},
                new String[] {"HINCRBYFLOAT", "s", "a", "1"}, new String[] {"HRANDFIELD", "s"},
                new String[] {"HSCAN", "s", "0"}, new String[] {"HSETNX", "s", "a", "1"},
                new String[] {"HMSET", "s", "a", "1"})) {
            String[] args = java.util.Arrays.copyOfRange(command, 1, command.length);
            assertThatThrownBy(() -> send(jedis, command[0], args)).as(command[0])
                .hasMessageStartingWith("WRONGTYPE");
        }
        jedis.hset("h", "a", "1");
        assertThatThrownBy(() -> jedis.get("h")).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> send(jedis, "HSET", "h", "a", "1", "b"))
            .hasMessage("ERR wrong number of arguments for 'hset' command");
        assertThatThrownBy(() -> send(jedis, "HMSET", "h", "a"))
            .hasMessage("ERR wrong number of arguments for 'hmset' command");
    }

    /** Increments computed outside the lock commit only over the value they read: none is lost to a race. */
    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void concurrentHincrbysOfOneFieldLoseNoIncrement(String encoding) throws Exception {
        Jedis first = jedis(encoding);
        first.hset("h", "n", "0");
        int clients = 3;
        int each = 1500;
        List<CompletableFuture<Void>> running = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(CompletableFuture.runAsync(() -> {
                try (Jedis jedis = server.jedis()) {
                    for (int k = 0; k < each; k++) {
                        jedis.hincrBy("h", "n", 1);
                        jedis.hset("h", "other", "v" + k); // other fields rewritten meanwhile, lengths changing
                    }
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(first.hget("h", "n")).isEqualTo(String.valueOf(clients * each));
        assertThat(first.objectEncoding("h")).isEqualTo(encoding);
    }

    private static Object send(Jedis jedis, String command, String... args) {
        Object reply = jedis.sendCommand(() -> command.getBytes(), args);
        if (reply instanceof byte[] bytes) {
            return new String(bytes);
        }
        if (reply instanceof JedisDataException e) {
            throw e;
        }
        return reply;
    }
}
