package io.sealedkv.engine.server;

import static io.sealedkv.engine.server.RawReplyConnection.resp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
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
 * Random pipelines of string commands (with SELECT, WRONGTYPE, misses, runs of GETs) sent in one packet
 * get exactly the replies of the same commands sent one at a time, from the same starting data.
 */
class PipelinedBatchProperties {
    private static TestServer server;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<String>>> scripts() {
        Arbitrary<String> key = Arbitraries.of("a", "b", "c", "list");
        Arbitrary<String> value = Arbitraries.of("1", "-7", "x", "");
        Arbitrary<List<String>> command = Combinators.combine(Arbitraries.integers().between(0, 19), key, key, value)
                .as((kind, k, other, v) -> switch (kind) {
                    case 0, 1, 2, 16, 17, 18, 19 -> List.of("GET", k);
                    case 3 -> List.of("SET", k, v);
                    case 4 -> List.of("INCR", k);
                    case 5 -> List.of("DECRBY", k, "3");
                    case 6 -> List.of("APPEND", k, v);
                    case 7 -> List.of("STRLEN", k);
                    case 8 -> List.of("MGET", k, other);
                    case 9 -> List.of("MSET", k, v, other, v);
                    case 10 -> List.of("DEL", k);
                    case 11 -> List.of("GETDEL", k);
                    case 12 -> List.of("SETNX", k, v);
                    case 13 -> List.of("SELECT", v.equals("1") ? "1" : "0");
                    case 14 -> List.of("LPUSH", k, v);
                    default -> List.of("GET", k, other);
                });
        return command.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 40)
    void aPipelineInOnePacketAnswersAsItsCommandsOneByOne(@ForAll("scripts") List<List<String>> script)
            throws IOException {
        assertThat(replies(script, true)).as("%s", script).isEqualTo(replies(script, false));
    }

    private static List<String> replies(List<List<String>> script, boolean onePacket) throws IOException {
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
            jedis.set("a", "10");
            jedis.set("b", "word");
            jedis.lpush("list", "x");
        }
        List<String> replies = new ArrayList<>();
        try (RawReplyConnection connection = new RawReplyConnection(server.port())) {
            if (onePacket) {
                connection.send(resp(script));
            }
            for (List<String> command : script) {
                if (!onePacket) {
                    connection.send(resp(List.of(command)));
                }
                replies.add(connection.reply());
            }
        }
        return replies;
    }
}
