package io.sealedkv.engine.server;

import static io.sealedkv.engine.server.RawReplyConnection.resp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;

/**
 * Random pipelines of string commands (with SELECT, WRONGTYPE, misses, runs of GETs and STRLENs, runs of
 * SETs, INCR-likes, refusals and errors inside runs, repeated keys) sent in one packet get exactly the replies
 * of the same commands sent one at a time, from the same starting data, and leave exactly the same
 * behind: final data, propagated commands, keyspace notifications, WATCH signals, changes counted for
 * persistence, and INFO stats, commandstats and errorstats.
 */
class PipelinedBatchProperties {
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private static final List<String> KEYS = List.of("a", "b", "c", "list");
    private static TestServer server;
    private static RecordedEffects effects;

    @BeforeContainer
    static void start() {
        server = TestServer.start("notify-keyspace-events KEA");
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<String>>> scripts() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> value = Arbitraries.of("1", "-7", "x", "", "9223372036854775806");
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 39), key, key, value)
                .as((kind, k, other, v) -> switch (kind) {
                    case 0, 1, 2 -> List.of("GET", k);
                    case 3 -> List.of("STRLEN", k);
                    case 4, 5, 6, 7 -> List.of("SET", k, v);
                    case 8 -> List.of("SET", k, v, "NX");
                    case 9 -> List.of("SET", k, v, "XX");
                    case 10 -> List.of("SET", k, v, "EX", "100");
                    case 11 -> List.of("SET", k, v, "GET");
                    case 12 -> List.of("SET", k, v, "BOGUS");
                    case 13 -> List.of("SET", k);
                    case 14, 15, 16, 17 -> List.of("INCR", k);
                    case 18, 19 -> List.of("DECR", k);
                    case 20 -> List.of("INCRBY", k, "5");
                    case 21 -> List.of("INCRBY", k, MAX);
                    case 22 -> List.of("DECRBY", k, "3");
                    case 23 -> List.of("DECRBY", k, "-9223372036854775808");
                    case 24 -> List.of("INCRBY", k, "x");
                    case 25 -> List.of("APPEND", k, v);
                    case 26 -> List.of("STRLEN", k);
                    case 27 -> List.of("MGET", k, other);
                    case 28 -> List.of("MSET", k, v, other, v);
                    case 29 -> List.of("DEL", k);
                    case 30 -> List.of("GETDEL", k);
                    case 31 -> List.of("SETNX", k, v);
                    case 32 -> List.of("SELECT", v.equals("1") ? "1" : "0");
                    case 33 -> List.of("LPUSH", k, v);
                    case 34 -> List.of("INCRBYFLOAT", k, "1.5");
                    default -> List.of("GET", k, other);
                });
        return command.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void aPipelineInOnePacketAnswersAndChangesAsItsCommandsOneByOne(@ForAll("scripts") List<List<String>> script)
            throws IOException {
        assertThat(observe(script, true)).as("%s", script).isEqualTo(observe(script, false));
    }

    /** Everything a script leaves that a client or a replica could tell apart. */
    record Observation(List<String> replies, Map<String, String> data, List<String> propagated, List<String> notified,
                       List<String> signalled, List<String> stats) {
    }

    private static Observation observe(List<List<String>> script, boolean onePacket) throws IOException {
        long dirtyBefore;
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
            jedis.set("a", "10");
            jedis.set("b", "word");
            jedis.lpush("list", "x");
            jedis.configResetStat();
            dirtyBefore = InfoCounts.dirty(jedis);
        }
        effects.clear();
        List<String> replies;
        try (RawReplyConnection connection = new RawReplyConnection(server.port())) {
            replies = connection.replies(script, onePacket);
        }
        try (Jedis jedis = server.jedis()) {
            List<String> stats = new ArrayList<>();
            stats.add("dirty " + (InfoCounts.dirty(jedis) - dirtyBefore));
            for (String name : List.of("keyspace_hits", "keyspace_misses", "expired_keys", "total_error_replies")) {
                stats.add(name + " " + InfoCounts.stat(jedis, "stats", name));
            }
            stats.addAll(InfoCounts.lines(jedis.info("commandstats"), "cmdstat_", ",usec="));
            stats.addAll(InfoCounts.lines(jedis.info("errorstats"), "errorstat_", null));
            return new Observation(replies, data(jedis), effects.propagated().stream().map(
                    line -> line.replaceAll("PXAT \\d+", "PXAT t")).toList(), effects.notified(),
                    effects.signalled(), stats);
        }
    }

    private static Map<String, String> data(Jedis jedis) {
        Map<String, String> data = new TreeMap<>();
        for (int db : new int[] {0, 1}) {
            jedis.select(db);
            for (String key : KEYS) {
                String type = jedis.type(key);
                String content = type.equals("string") ? jedis.get(key) : type.equals("list")
                        ? jedis.lrange(key, 0, -1).toString() : "";
                data.put(db + " " + key, type + " " + content + " ttl " + (jedis.ttl(key) > 0));
            }
        }
        return data;
    }

}
