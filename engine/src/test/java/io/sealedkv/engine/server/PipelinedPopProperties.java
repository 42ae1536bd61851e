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
 * Random pipelines of LPOP and RPOP (repeated keys, both edges of one list, WRONGTYPE, missing keys, lists
 * popped empty, deleted or replaced between runs, pushes, counted pops, RPOPLPUSH, MULTI and reads between
 * them, SELECT) on lists made of nodes, sent in one packet, get exactly the replies of the same commands
 * sent one at a time, and leave the same lists (read whole, then popped at both edges through the slices
 * a run left), propagated commands, keyspace notifications, WATCH signals, changes counted for persistence
 * and stats.
 */
class PipelinedPopProperties {
    private static final List<String> KEYS = List.of("l1", "l2", "l3", "s");
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
        Arbitrary<String> key = Arbitraries.of(KEYS).injectDuplicates(0.2);
        Arbitrary<List<String>> elements = Arbitraries.strings().withCharRange('a', 'e').ofMaxLength(3)
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 19), key, elements)
                .as((kind, k, e) -> switch (kind) {
                    case 0, 1, 2, 3, 4, 5 -> List.of("LPOP", k);
                    case 6, 7, 8, 9, 10 -> List.of("RPOP", k);
                    case 11 -> push("LPUSH", k, e);
                    case 12 -> List.of("RPOP", k, "2");
                    case 13 -> List.of("LRANGE", k, "0", "-1");
                    case 14 -> List.of("DEL", k);
                    case 15 -> List.of("SET", k, "v");
                    case 16 -> List.of("RPOPLPUSH", k, "l1");
                    case 17 -> List.of("SELECT", e.get(0).startsWith("a") ? "1" : "0");
                    case 18 -> e.get(0).startsWith("b") ? List.of("MULTI") : List.of("EXEC");
                    default -> push("RPUSH", k, e);
                });
        return command.list().ofMinSize(1).ofMaxSize(80);
    }

    private static List<String> push(String name, String key, List<String> elements) {
        List<String> command = new ArrayList<>(List.of(name, key));
        command.addAll(elements);
        return command;
    }

    @Property(tries = 60)
    void aPipelineOfPopsInOnePacketAnswersAndChangesAsItsCommandsOneByOne(
            @ForAll("scripts") List<List<String>> script) throws Exception {
        assertThat(observe(script, true)).as("%s", script).isEqualTo(observe(script, false));
    }

    private static ScriptObservation observe(List<List<String>> script, boolean onePacket) throws Exception {
        return ScriptObservation.of(server, effects, jedis -> {
            jedis.rpush("l1", elements("a", 40));
            jedis.rpush("l2", elements("b", 40));
            jedis.select(1);
            jedis.rpush("l1", elements("c", 40));
            jedis.select(0);
        }, List.of("LLEN", "l1"), script, onePacket, KEYS, PipelinedPopProperties::list, line -> line);
    }

    /** {@code n} elements, pushed at once so that they are packed into nodes. */
    private static String[] elements(String prefix, int n) {
        String[] elements = new String[n];
        for (int i = 0; i < n; i++) {
            elements[i] = prefix + i;
        }
        return elements;
    }

    /** A list read whole, then what pops at both edges give (through the slices) and what is left. */
    private static String list(Jedis jedis, String key, String type) {
        if (!type.equals("list")) {
            return null;
        }
        return jedis.lrange(key, 0, -1) + " " + jedis.lindex(key, 1) + " " + jedis.lpop(key, 3) + " "
                + jedis.rpop(key, 2) + " " + jedis.lrange(key, 0, -1);
    }
}
