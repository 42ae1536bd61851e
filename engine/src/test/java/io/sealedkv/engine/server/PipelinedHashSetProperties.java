package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.TestServer;
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
 * Random pipelines of HSETs (several pairs, repeated keys and fields, a listpack hash, a hashtable hash,
 * wrong arity, WRONGTYPE, a hash deleted, replaced, renamed or converted between runs, reads, HDEL, MULTI
 * and SELECT between them) sent in one packet get exactly the replies of the same commands sent one at a
 * time, and leave the same hashes, propagated commands, keyspace notifications, WATCH signals, changes
 * counted for persistence and stats.
 */
class PipelinedHashSetProperties {
    private static final List<String> KEYS = List.of("h1", "h2", "s");
    private static TestServer server;
    private static RecordedEffects effects;

    @BeforeContainer
    static void start() {
        server = TestServer.start("notify-keyspace-events KEA", "hash-max-listpack-entries 4");
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<String>>> scripts() {
        Arbitrary<String> key = Arbitraries.of(KEYS).injectDuplicates(0.3);
        Arbitrary<List<String>> pairs = Arbitraries.strings().withCharRange('a', 'h').ofMinLength(1).ofMaxLength(2)
                .list().ofMinSize(2).ofMaxSize(6).map(l -> l.size() % 2 == 0 ? l : l.subList(0, l.size() - 1));
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 19), key, pairs)
                .as((kind, k, p) -> switch (kind) {
                    case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> hset(k, p);
                    case 9 -> List.of("HGET", k, p.get(0));
                    case 10 -> List.of("HDEL", k, p.get(0), p.get(1));
                    case 11 -> List.of("DEL", k);
                    case 12 -> List.of("SET", k, "v");
                    case 13 -> List.of("HSET", k, p.get(0));
                    case 14 -> List.of("SELECT", p.get(0).compareTo("d") < 0 ? "1" : "0");
                    case 15 -> List.of("HSETNX", k, p.get(0), p.get(1));
                    case 16 -> List.of("RENAME", k, k.equals("h1") ? "h2" : "h1");
                    case 17 -> List.of("MULTI");
                    case 18 -> List.of("EXEC");
                    default -> List.of("HLEN", k);
                });
        return command.list().ofMinSize(1).ofMaxSize(60);
    }

    private static List<String> hset(String key, List<String> pairs) {
        List<String> command = new ArrayList<>(List.of("HSET", key));
        command.addAll(pairs);
        return command;
    }

    @Property(tries = 60)
    void aPipelineOfHsetsInOnePacketAnswersAndChangesAsItsCommandsOneByOne(
            @ForAll("scripts") List<List<String>> script) throws Exception {
        assertThat(observe(script, true)).as("%s", script).isEqualTo(observe(script, false));
    }

    private static ScriptObservation observe(List<List<String>> script, boolean onePacket) throws Exception {
        return ScriptObservation.of(server, effects, jedis -> {
            jedis.hset("h1", Map.of("x", "1", "y", "2", "z", "3", "w", "4", "v", "5"));
            jedis.hset("h2", "x", "1");
        }, List.of("HSET", "h1", "x", "0"), script, onePacket, KEYS, PipelinedHashSetProperties::hash, line -> line);
    }

    /** A hash's encoding and pairs in field order. */
    private static String hash(Jedis jedis, String key, String type) {
        return type.equals("hash") ? jedis.objectEncoding(key) + " " + new TreeMap<>(jedis.hgetAll(key)) : null;
    }
}
