package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * SPOP answers and changes the same whether a propagation listener is attached (it then commits under
 * a second hold of the lock, propagating SREM of the members it popped, or DEL when a count popped the
 * whole set, as Redis) or not (a large set, or a whole set, is then popped under one hold): every form
 * of set, every form of the command, the popped members replayed on a model.
 */
class SetPopPropagationIT {
    @RegisterExtension
    static final ServerExtension plain = new ServerExtension();
    @RegisterExtension
    static final ServerExtension propagating = new ServerExtension();
    private static RecordedEffects effects;

    @BeforeAll
    static void listen() {
        effects = RecordedEffects.of(propagating.server().keyspace());
    }

    @Test
    void onlyTheServerWithAListenerPropagates() {
        assertThat(plain.server().keyspace().writes().propagates()).isFalse();
        assertThat(propagating.server().keyspace().writes().propagates()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "listpack", "hashtable"})
    void withoutAListenerSpopAnswersAndChangesAsWithOne(String form) {
        List<String> sizes = new ArrayList<>();
        for (ServerExtension server : List.of(plain, propagating)) {
            sizes.add(popEverything(server, form).toString());
        }
        assertThat(sizes.get(0)).isEqualTo(sizes.get(1));
    }

    /**
     * Runs every form of SPOP on a set of 20 members until it is gone, checking each reply and the
     * data against a model, and on the propagating server that exactly SREM of the popped members (in
     * reply order) or DEL was propagated; the sizes of the replies.
     */
    private static List<Integer> popEverything(ServerExtension server, String form) {
        Jedis jedis = server.emptyJedis();
        try {
            if (form.equals("hashtable")) {
                jedis.configSet("set-max-intset-entries", "1");
                jedis.configSet("set-max-listpack-entries", "1");
            }
            Set<String> model = new TreeSet<>();
            for (int i = 0; i < 20; i++) {
                model.add(form.equals("intset") ? Integer.toString(i * 7) : "member:" + i);
            }
            jedis.sadd("s", model.toArray(String[]::new));
            assertThat(jedis.objectEncoding("s")).isEqualTo(form);
            effects.clear();
            List<String> expected = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();

            String one = bulk(jedis.sendCommand(Protocol.Command.SPOP, "s"));
            sizes.add(popped(model, List.of(one), expected, jedis, "SREM s " + one));
            for (int count : new int[] {3, 10}) {
                List<String> some = array(jedis.sendCommand(Protocol.Command.SPOP, "s", Integer.toString(count)));
                assertThat(some).hasSize(count);
                sizes.add(popped(model, some, expected, jedis, "SREM s " + String.join(" ", some)));
                assertThat(jedis.objectEncoding("s")).isEqualTo(form);
            }
            assertThat(array(jedis.sendCommand(Protocol.Command.SPOP, "s", "0"))).isEmpty();
            assertThat(jedis.sendCommand(Protocol.Command.SPOP, "missing")).isNull();
            assertThat(array(jedis.sendCommand(Protocol.Command.SPOP, "missing", "2"))).isEmpty();
            assertThat(new TreeSet<>(jedis.smembers("s"))).isEqualTo(model);

            List<String> rest = array(jedis.sendCommand(Protocol.Command.SPOP, "s", "100"));
            assertThat(new TreeSet<>(rest)).isEqualTo(model);
            sizes.add(popped(model, rest, expected, jedis, "DEL s"));
            assertThat(jedis.exists("s")).isFalse();

            jedis.sadd("s", form.equals("intset") ? "5" : "last");
            String last = form.equals("intset") ? "5" : "last";
            expected.add("0 SADD s " + last);
            model.add(last);
            assertThat(bulk(jedis.sendCommand(Protocol.Command.SPOP, "s"))).isEqualTo(last);
            sizes.add(popped(model, List.of(last), expected, jedis, "SREM s " + last));
            assertThat(jedis.exists("s")).isFalse();
            assertThat(jedis.sendCommand(Protocol.Command.SPOP, "s")).isNull();

            assertThat(effects.propagated()).containsExactlyElementsOf(server == propagating ? expected : List.of());
            return sizes;
        } finally {
            jedis.configSet("set-max-intset-entries", "512");
            jedis.configSet("set-max-listpack-entries", "128");
        }
    }

    /** Checks that {@code members} were distinct members of the model and are gone from the server. */
    private static int popped(Set<String> model, List<String> members, List<String> expected,
                              Jedis jedis, String propagation) {
        assertThat(new LinkedHashSet<>(members)).hasSameSizeAs(members);
        assertThat(model).containsAll(members);
        members.forEach(model::remove);
        expected.add("0 " + propagation);
        assertThat(new TreeSet<>(jedis.smembers("s"))).isEqualTo(model);
        assertThat(jedis.scard("s")).isEqualTo(model.size());
        return members.size();
    }

    private static String bulk(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    private static List<String> array(Object reply) {
        List<String> members = new ArrayList<>();
        for (Object member : (List<?>) reply) {
            members.add(bulk(member));
        }
        return members;
    }
}
