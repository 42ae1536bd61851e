package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Every set command and option over a real socket, on small sets (one sealed block) and, with the
 * thresholds lowered, on large ones (the per-member token table), which must answer the same.
 */
class SetCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @AfterEach
    void restoreThresholds() {
        jedis.configSet("set-max-intset-entries", "512");
        jedis.configSet("set-max-listpack-entries", "128");
        jedis.configSet("set-max-listpack-value", "64");
    }

    private void form(String form) {
        if (form.equals("large")) {
            jedis.configSet("set-max-intset-entries", "1");
            jedis.configSet("set-max-listpack-entries", "1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void saddSremScardSismemberSmismember(String form) {
        form(form);
        assertThat(jedis.sadd("s", "a", "b", "a", "c")).isEqualTo(3);
        assertThat(jedis.sadd("s", "c", "d")).isEqualTo(1);
        assertThat(jedis.scard("s")).isEqualTo(4);
        assertThat(jedis.sismember("s", "b")).isTrue();
        assertThat(jedis.sismember("s", "z")).isFalse();
        assertThat(jedis.smismember("s", "a", "z", "d")).containsExactly(true, false, true);
        assertThat(jedis.srem("s", "a", "z", "a")).isEqualTo(1);
        assertThat(jedis.smembers("s")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(jedis.srem("s", "b", "c", "d")).isEqualTo(3);
        assertThat(jedis.exists("s")).isFalse();
        assertThat(jedis.scard("s")).isZero();
        assertThat(jedis.smembers("s")).isEmpty();
        assertThat(jedis.srem("s", "x")).isZero();
        assertThat(jedis.smismember("s", "x")).containsExactly(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void binaryMembersRoundTrip(String form) {
        form(form);
        byte[] a = {0, (byte) 0xff, '\r', '\n'};
        byte[] b = {};
        assertThat(jedis.sadd("s".getBytes(), a, b)).isEqualTo(2);
        assertThat(jedis.sismember("s".getBytes(), a)).isTrue();
        assertThat(jedis.sismember("s".getBytes(), b)).isTrue();
        Set<String> members = new HashSet<>();
        jedis.smembers("s".getBytes()).forEach(m -> members.add(SafeEncoder.encode(m)));
        assertThat(members).containsExactlyInAnyOrder(SafeEncoder.encode(a), "");
    }

    @Test
    void encodingsFollowTheThresholds() {
        jedis.sadd("i", "3", "1", "2");
        assertThat(jedis.objectEncoding("i")).isEqualTo("intset");
        assertThat(jedis.smembers("i")).containsExactly("1", "2", "3");
        jedis.sadd("i", "x");
        assertThat(jedis.objectEncoding("i")).isEqualTo("listpack");
        jedis.configSet("set-max-listpack-entries", "4");
        jedis.sadd("i", "y");
        assertThat(jedis.objectEncoding("i")).isEqualTo("hashtable");
        jedis.srem("i", "x", "y", "1");
        assertThat(jedis.objectEncoding("i")).as("a table never goes back").isEqualTo("hashtable");
        jedis.configSet("set-max-listpack-value", "3");
        jedis.sadd("v", "abcd");
        assertThat(jedis.objectEncoding("v")).isEqualTo("hashtable");
        jedis.configSet("set-max-intset-entries", "2");
        jedis.sadd("n", "1", "2");
        jedis.sadd("n", "3");
        assertThat(jedis.objectEncoding("n")).isEqualTo("hashtable");
        assertThat(jedis.smembers("n")).containsExactlyInAnyOrder("1", "2", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void spopRemovesWhatItReturns(String form) {
        form(form);
        jedis.sadd("s", "a", "b", "c", "d", "e");
        String one = jedis.spop("s");
        assertThat(one).isIn("a", "b", "c", "d", "e");
        assertThat(jedis.sismember("s", one)).isFalse();
        Set<String> two = jedis.spop("s", 2);
        assertThat(two).hasSize(2).doesNotContain(one);
        assertThat(jedis.scard("s")).isEqualTo(2);
        assertThat(jedis.spop("s", 0)).isEmpty();
        Set<String> rest = jedis.spop("s", 10);
        assertThat(rest).hasSize(2);
        assertThat(jedis.exists("s")).isFalse();
        assertThat(jedis.spop("s")).isNull();
        assertThat(jedis.spop("s", 3)).isEmpty();
        assertThatThrownBy(() -> jedis.spop("s", -1)).hasMessage("ERR value is out of range, must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void srandmemberCounts(String form) {
        form(form);
        jedis.sadd("s", "a", "b", "c");
        assertThat(jedis.srandmember("s")).isIn("a", "b", "c");
        assertThat(jedis.srandmember("s", 2)).hasSize(2).doesNotHaveDuplicates().isSubsetOf("a", "b", "c");
        assertThat(jedis.srandmember("s", 5)).containsExactlyInAnyOrder("a", "b", "c");
        List<String> repeated = jedis.srandmember("s", -20);
        assertThat(repeated).hasSize(20).isSubsetOf("a", "b", "c");
        assertThat(jedis.srandmember("s", 0)).isEmpty();
        assertThat(jedis.scard("s")).isEqualTo(3);
        assertThat(jedis.srandmember("nokey")).isNull();
        assertThat(jedis.srandmember("nokey", -3)).isEmpty();
        assertThatThrownBy(() -> send("SRANDMEMBER", "s", "-9223372036854775808"))
                .hasMessageStartingWith("ERR value is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void smoveBetweenSets(String form) {
        form(form);
        jedis.sadd("a", "1", "2", "x");
        jedis.sadd("b", "3", "y");
        assertThat(jedis.smove("a", "b", "1")).isEqualTo(1);
        assertThat(jedis.smove("a", "b", "zz")).isZero();
        assertThat(jedis.smove("a", "a", "2")).isEqualTo(1);
        assertThat(jedis.smove("a", "c", "2")).isEqualTo(1);
        assertThat(jedis.smove("a", "b", "x")).isEqualTo(1);
        assertThat(jedis.exists("a")).isFalse();
        assertThat(jedis.smembers("b")).containsExactlyInAnyOrder("1", "3", "x", "y");
        assertThat(jedis.smembers("c")).containsExactly("2");
        jedis.set("str", "v");
        assertThatThrownBy(() -> jedis.smove("b", "str", "1")).hasMessageStartingWith("WRONGTYPE");
        assertThat(jedis.smove("nokey", "str", "1")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void algebraAndStores(String form) {
        form(form);
        jedis.sadd("a", "1", "2", "3", "4", "x");
        jedis.sadd("b", "2", "3", "5", "x");
        jedis.sadd("c", "3", "x", "9");
        assertThat(jedis.sinter("a", "b", "c")).containsExactlyInAnyOrder("3", "x");
        assertThat(jedis.sinter("a", "nokey")).isEmpty();
        assertThat(jedis.sunion("a", "b", "nokey")).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "x");
        assertThat(jedis.sdiff("a", "b", "c")).containsExactlyInAnyOrder("1", "4");
        assertThat(jedis.sdiff("nokey", "a")).isEmpty();
        assertThat(jedis.sintercard("a", "b")).isEqualTo(3);
        assertThat(jedis.sintercard(2, "a", "b")).isEqualTo(2);
        assertThat(jedis.sinterstore("d", "a", "b")).isEqualTo(3);
        assertThat(jedis.smembers("d")).containsExactlyInAnyOrder("2", "3", "x");
        assertThat(jedis.sunionstore("d", "c", "d")).isEqualTo(4);
        assertThat(jedis.smembers("d")).containsExactlyInAnyOrder("2", "3", "x", "9");
        assertThat(jedis.sdiffstore("d", "a", "b")).isEqualTo(2);
        assertThat(jedis.smembers("d")).containsExactlyInAnyOrder("1", "4");
        assertThat(jedis.sdiffstore("d", "a", "a")).isZero();
        assertThat(jedis.exists("d")).isFalse();
        jedis.set("str", "v");
        assertThat(jedis.sinterstore("str", "a", "c")).isEqualTo(2);
        assertThat(jedis.type("str")).isEqualTo("set");
        jedis.set("str2", "v");
        assertThatThrownBy(() -> jedis.sunion("a", "nokey", "str2")).hasMessageStartingWith("WRONGTYPE");
    }

    @Test
    void algebraAcrossSmallAndLargeSets() {
        jedis.configSet("set-max-listpack-entries", "3");
        jedis.configSet("set-max-intset-entries", "3");
        jedis.sadd("big", "a", "b", "c", "d", "e");
        jedis.sadd("small", "b", "e", "z");
        assertThat(jedis.objectEncoding("big")).isEqualTo("hashtable");
        assertThat(jedis.objectEncoding("small")).isEqualTo("listpack");
        assertThat(jedis.sinter("big", "small")).containsExactlyInAnyOrder("b", "e");
        assertThat(jedis.sinter("small", "big")).containsExactlyInAnyOrder("b", "e");
        assertThat(jedis.sdiff("small", "big")).containsExactly("z");
        assertThat(jedis.sdiff("big", "small")).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(jedis.sintercard("big", "small")).isEqualTo(2);
        assertThat(jedis.sunion("big", "small")).hasSize(6);
        jedis.copy("big", "copy", false);
        assertThat(jedis.sinter("big", "copy")).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "large"})
    void sscanVisitsEveryMember(String form) {
        form(form);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            expected.add("m" + i);
        }
        jedis.sadd("s", expected.toArray(new String[0]));
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> page = jedis.sscan("s", cursor, new ScanParams().count(7));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(expected);
        assertThat(calls).isGreaterThan(form.equals("large") ? 1 : 0);
        ScanResult<String> matched = jedis.sscan("s", "0", new ScanParams().match("m1?").count(1000));
        assertThat(matched.getResult()).containsExactlyInAnyOrder("m10", "m11", "m12", "m13", "m14", "m15", "m16",
                "m17", "m18", "m19");
        assertThatThrownBy(() -> jedis.sscan("s", "x")).hasMessage("ERR invalid cursor");
        assertThat(jedis.sscan("nokey", "0").getResult()).isEmpty();
    }

    @Test
    void sscanKeepsMembersPresentThroughoutWhileTheTableShrinks() {
        jedis.configSet("set-max-intset-entries", "1");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            all.add("k" + i);
        }
        jedis.sadd("s", all.toArray(new String[0]));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            ScanResult<String> page = jedis.sscan("s", cursor, new ScanParams().count(20));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            if (round++ % 2 == 0) {
                jedis.srem("s", all.subList(1000 + round * 20, 1000 + round * 20 + 20).toArray(new String[0]));
            }
        } while (!cursor.equals("0") && round < 40);
        while (!cursor.equals("0")) {
            ScanResult<String> page = jedis.sscan("s", cursor, new ScanParams().count(20));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        }
        assertThat(seen).containsAll(all.subList(0, 1000));
    }

    @Test
    void wrongTypeAndArity() {
        jedis.set("str", "v", SetParams.setParams());
        for (String[] argv : new String[][] {{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SCARD", "str"},
                {"SMEMBERS", "str"}, {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SPOP", "str"},
                {"SRANDMEMBER", "str"}, {"SINTER", "str"}, {"SINTERCARD", "1", "str"}, {"SINTERSTORE", "d", "str"},
                {"SUNION", "str"}, {"SUNIONSTORE", "d", "str"}, {"SDIFF", "str"}, {"SDIFFSTORE", "d", "str"},
                {"SSCAN", "str", "0"}}) {
            assertThatThrownBy(() -> send(argv)).as(argv[0]).hasMessageStartingWith("WRONGTYPE");
        }
        assertThatThrownBy(() -> send("SADD", "s")).hasMessage("ERR wrong number of arguments for 'sadd' command");
        assertThatThrownBy(() -> send("SINTERCARD", "0", "a")).hasMessage("ERR numkeys should be greater than 0");
        assertThatThrownBy(() -> send("SINTERCARD", "1", "a", "LIMIT", "-1"))
                .hasMessage("ERR LIMIT can't be negative");
        assertThat(send("SSCAN", "nokey2", "0", "COUNT", "0")).as("options are not read for a missing key")
                .isInstanceOf(List.class);
    }

    private Object send(String... argv) {
        return jedis.sendCommand(() -> SafeEncoder.encode(argv[0]), java.util.Arrays.copyOfRange(argv, 1, argv.length));
    }
}
