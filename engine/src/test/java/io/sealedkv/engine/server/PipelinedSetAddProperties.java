package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
 * Random pipelines of SADDs (several members, repeated keys and members, a listpack set, a hashtable set,
 * wrong arity, WRONGTYPE, a set deleted, replaced, renamed or given an expiry between runs, reads, SREM,
 * MULTI and SELECT between them) sent in one packet get exactly the replies of the same commands sent one
 * at a time, and leave the same sets, propagated commands, keyspace notifications, WATCH signals, changes
 * counted for persistence and stats.
 */
class PipelinedSetAddProperties {
    private static final List<String> KEYS = List.of("s1", "s2", "h");
    private static TestServer server;
    private static RecordedEffects effects;

    @BeforeContainer
    static void start() {
        server = TestServer.start("notify-keyspace-events KEA", "set-max-listpack-entries 4",
                "set-max-intset-entries 4");
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<String>>> scripts() {
        Arbitrary<String> key = Arbitraries.of(KEYS).injectDuplicates(0.3);
        Arbitrary<List<String>> members = Arbitraries.strings().withCharRange('a', 'h').ofMinLength(1).ofMaxLength(2)
                .list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 19), key, members)
                .as((kind, k, m) -> switch (kind) {
                    case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> sadd(k, m);
                    case 9 -> List.of("SISMEMBER", k, m.get(0));
                    case 10 -> List.of("SREM", k, m.get(0));
                    case 11 -> List.of("DEL", k);
                    case 12 -> List.of("SET", k, "v");
                    case 13 -> List.of("SADD", k);
                    case 14 -> List.of("SELECT", m.get(0).compareTo("d") < 0 ? "1" : "0");
                    case 15 -> List.of("EXPIRE", k, "1000");
                    case 16 -> List.of("RENAME", k, k.equals("s1") ? "s2" : "s1");
                    case 17 -> List.of("MULTI");
                    case 18 -> List.of("EXEC");
                    default -> List.of("SCARD", k);
                });
        return command.list().ofMinSize(1).ofMaxSize(60);
    }

    private static List<String> sadd(String key, List<String> members) {
        List<String> command = new ArrayList<>(List.of("SADD", key));
        command.addAll(members);
        return command;
    }

    @Property(tries = 60)
    void aPipelineOfSaddsInOnePacketAnswersAndChangesAsItsCommandsOneByOne(
            @ForAll("scripts") List<List<String>> script) throws Exception {
        assertThat(observe(script, true)).as("%s", script).isEqualTo(observe(script, false));
    }

    private static ScriptObservation observe(List<List<String>> script, boolean onePacket) throws Exception {
        return ScriptObservation.of(server, effects, jedis -> {
            jedis.sadd("s1", "x", "y", "z", "w", "v");
            jedis.sadd("s2", "x");
            jedis.hset("h", "f", "v");
        }, List.of("SADD", "s1", "x0"), script, onePacket, KEYS, PipelinedSetAddProperties::set,
                line -> line.replaceAll("PEXPIREAT (\\S+) \\d+", "PEXPIREAT $1 t"));
    }

    /** A set's encoding and members in order. */
    private static String set(Jedis jedis, String key, String type) {
        return type.equals("set") ? jedis.objectEncoding(key) + " " + new TreeSet<>(jedis.smembers(key)) : null;
    }
}
