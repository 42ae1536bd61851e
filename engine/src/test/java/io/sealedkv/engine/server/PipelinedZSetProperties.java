package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
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
 * Random pipelines of ZADDs (several pairs, NX, XX, GT, LT, CH, INCR, repeated members, equal scores, a
 * listpack set, a skiplist set, syntax and score errors, an INCR to NaN, WRONGTYPE, a set deleted, replaced,
 * renamed or given an expiry between runs) and of ZPOPMINs and ZPOPMAXs (with and without a count, bad
 * counts, sets emptied), with reads, ZREM, MULTI and SELECT between them,
 * sent in one packet get exactly the replies of the same commands sent one at a time, and leave the same
 * sets, propagated commands, keyspace notifications, WATCH signals, changes counted for persistence and stats.
 */
class PipelinedZSetProperties {
    private static final List<String> KEYS = List.of("z1", "z2", "h");
    private static final List<String> FLAGS = List.of("NX", "XX", "GT", "LT", "CH", "INCR");
    private static TestServer server;
    private static RecordedEffects effects;

    @BeforeContainer
    static void start() {
        server = TestServer.start("notify-keyspace-events KEA", "zset-max-listpack-entries 4");
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<String>>> scripts() {
        Arbitrary<String> key = Arbitraries.of(KEYS).injectDuplicates(0.3);
        Arbitrary<String> member = Arbitraries.strings().withCharRange('a', 'h').ofMinLength(1).ofMaxLength(2);
        Arbitrary<String> score = Arbitraries.oneOf(Arbitraries.integers().between(-3, 3).map(String::valueOf),
                Arbitraries.of("1.5", "inf", "-inf", "x", "nan"));
        Arbitrary<List<String>> pairs = Combinators.combine(score, member).as(List::of).list().ofMinSize(1)
                .ofMaxSize(4).map(list -> list.stream().flatMap(List::stream).toList());
        Arbitrary<List<String>> flags = Arbitraries.of(FLAGS).list().ofMaxSize(2);
        Arbitrary<String> count = Arbitraries.of("", "", "0", "1", "3", "-1", "x");
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 25), key, flags, pairs,
                        count)
                .as((kind, k, f, p, n) -> switch (kind) {
                    case 0, 1, 2, 3, 4, 5 -> zadd(k, List.of(), p);
                    case 6, 7, 8 -> zadd(k, f, p.subList(0, 2));
                    case 9 -> zadd(k, f, p);
                    case 10 -> List.of("ZSCORE", k, p.get(1));
                    case 11 -> List.of("ZREM", k, p.get(1));
                    case 12 -> List.of("DEL", k);
                    case 13 -> List.of("SET", k, "v");
                    case 14 -> List.of("ZADD", k, "1");
                    case 15 -> List.of("SELECT", p.get(1).compareTo("d") < 0 ? "1" : "0");
                    case 16 -> List.of("EXPIRE", k, "1000");
                    case 17 -> List.of("RENAME", k, k.equals("z1") ? "z2" : "z1");
                    case 18 -> List.of("MULTI");
                    case 19 -> List.of("EXEC");
                    case 20, 21, 22, 23, 24 -> pop(p.get(1).compareTo("d") < 0 ? "ZPOPMIN" : "ZPOPMAX", k, n);
                    default -> List.of("ZCARD", k);
                });
        return command.list().ofMinSize(1).ofMaxSize(60);
    }

    private static List<String> pop(String name, String key, String count) {
        return count.isEmpty() ? List.of(name, key) : List.of(name, key, count);
    }

    private static List<String> zadd(String key, List<String> flags, List<String> pairs) {
        List<String> command = new ArrayList<>(List.of("ZADD", key));
        command.addAll(flags);
        command.addAll(pairs);
        return command;
    }

    @Property(tries = 80)
    void aPipelineOfZaddsAndPopsInOnePacketAnswersAndChangesAsItsCommandsOneByOne(
            @ForAll("scripts") List<List<String>> script) throws Exception {
        assertThat(observe(script, true)).as("%s", script).isEqualTo(observe(script, false));
    }

    private static ScriptObservation observe(List<List<String>> script, boolean onePacket) throws Exception {
        return ScriptObservation.of(server, effects, jedis -> {
            for (int i = 0; i < 6; i++) {
                jedis.zadd("z1", i % 3, "m" + i);
            }
            jedis.zadd("z2", 1, "x");
            jedis.hset("h", "f", "v");
        }, List.of("ZADD", "z1", "0", "x0"), script, onePacket, KEYS, PipelinedZSetProperties::zset,
                line -> line.replaceAll("PEXPIREAT (\\S+) \\d+", "PEXPIREAT $1 t"));
    }

    /** A sorted set's encoding and members with their scores, in order. */
    private static String zset(Jedis jedis, String key, String type) {
        return type.equals("zset") ? jedis.objectEncoding(key) + " " + jedis.zrangeWithScores(key, 0, -1) : null;
    }
}
