package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Pipelined SPOPs ({@link SetPopRun}) answer and change what they would one by one, with and without a
 * propagation listener: a large set popped to its end, a small set (popped as alone, under the hold) past
 * its end, a string (WRONGTYPE, alone) and a missing key in the same pipeline.
 */
class PipelinedSetPopIT {
    @RegisterExtension
    static final ServerExtension plain = new ServerExtension("set-max-listpack-entries 8", "set-max-intset-entries 8");
    @RegisterExtension
    static final ServerExtension propagating = new ServerExtension("set-max-listpack-entries 8",
            "set-max-intset-entries 8");
    private static RecordedEffects effects;

    @BeforeAll
    static void listen() {
        effects = RecordedEffects.of(propagating.server().keyspace());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pipelinedPopsAnswerAndChangeAsOneByOne(boolean propagates) {
        ServerExtension server = propagates ? propagating : plain;
        try (Jedis jedis = server.emptyJedis()) {
            Set<String> big = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                big.add("m" + i);
            }
            jedis.sadd("big", big.toArray(String[]::new));
            jedis.sadd("small", "a", "b", "c");
            jedis.set("str", "x");
            assertThat(jedis.objectEncoding("big")).isEqualTo("hashtable");
            assertThat(jedis.objectEncoding("small")).isEqualTo("listpack");
            effects.clear();

            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> fromBig = new ArrayList<>();
            List<Response<String>> fromSmall = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fromBig.add(pipeline.spop("big"));
            }
            for (int i = 0; i < 4; i++) {
                fromSmall.add(pipeline.spop("small"));
            }
            Response<String> wrongType = pipeline.spop("str");
            Response<String> missing = pipeline.spop("missing");
            for (int i = 0; i < 21; i++) {
                fromBig.add(pipeline.spop("big"));
            }
            pipeline.sync();

            List<String> popped = fromBig.subList(0, 30).stream().map(Response::get).toList();
            assertThat(new TreeSet<>(popped)).isEqualTo(big);
            assertThat(fromBig.get(30).get()).isNull();
            assertThat(fromSmall.subList(0, 3).stream().map(Response::get)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(fromSmall.get(3).get()).isNull();
            assertThatThrownBy(wrongType::get).hasMessageStartingWith("WRONGTYPE");
            assertThat(missing.get()).isNull();
            assertThat(jedis.exists("big", "small")).isZero();
            assertThat(jedis.get("str")).isEqualTo("x");

            List<String> expected = new ArrayList<>();
            if (propagates) {
                popped.subList(0, 10).forEach(m -> expected.add("0 SREM big " + m));
                fromSmall.subList(0, 3).forEach(m -> expected.add("0 SREM small " + m.get()));
                popped.subList(10, 30).forEach(m -> expected.add("0 SREM big " + m));
            }
            assertThat(effects.propagated()).containsExactlyElementsOf(expected);
        }
    }
}
