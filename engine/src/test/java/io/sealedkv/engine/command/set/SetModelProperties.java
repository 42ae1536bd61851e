package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;

/**
 * Random sequences of set commands sent to SealedKV over a socket give the replies a plain
 * {@code java.util} model gives, with thresholds drawn low so that sets change form (intset, listpack,
 * table) along the way. Random replies (SPOP, SRANDMEMBER) are checked against the model's members.
 */
class SetModelProperties {
    private static final List<String> KEYS = List.of("a", "b", "c");
    private static final List<String> MEMBERS = List.of("1", "2", "3", "-7", "10", "x", "y", "zz", "", "long-member-q");
    private static TestServer server;
    private static Jedis jedis;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
        jedis = server.jedis();
    }

    @AfterContainer
    static void stop() {
        jedis.close();
        server.close();
    }

    record Op(String name, String key, String other, List<String> members, int count) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> names = Arbitraries.of("SADD", "SADD", "SADD", "SREM", "SISMEMBER", "SMISMEMBER", "SCARD",
                "SMEMBERS", "SMOVE", "SINTER", "SUNION", "SDIFF", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE",
                "SINTERCARD", "SPOP", "SPOPCOUNT", "SRANDMEMBER", "SCAN");
        Arbitrary<String> keys = Arbitraries.of(KEYS);
        Arbitrary<List<String>> members = Arbitraries.of(MEMBERS).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Integer> counts = Arbitraries.integers().between(-4, 6);
        return Combinators.combine(names, keys, keys, members, counts).as(Op::new).list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 60)
    void setCommandsAnswerAsTheModel(@ForAll("sequences") List<Op> ops,
                                     @ForAll @IntRange(min = 1, max = 6) int threshold) {
        jedis.flushAll();
        jedis.configSet("set-max-intset-entries", Integer.toString(threshold));
        jedis.configSet("set-max-listpack-entries", Integer.toString(threshold + 1));
        Map<String, Set<String>> model = new HashMap<>();
        try {
            for (Op op : ops) {
                apply(op, model);
            }
        } finally {
            jedis.configSet("set-max-intset-entries", "512");
            jedis.configSet("set-max-listpack-entries", "128");
        }
    }

    private static void apply(Op op, Map<String, Set<String>> model) {
        Set<String> set = model.getOrDefault(op.key(), Set.of());
        Set<String> other = model.getOrDefault(op.other(), Set.of());
        String[] members = op.members().toArray(new String[0]);
        String first = members[0];
        switch (op.name()) {
            case "SADD" -> {
                Set<String> grown = new HashSet<>(set);
                int before = grown.size();
                grown.addAll(op.members());
                model.put(op.key(), grown);
                assertThat(jedis.sadd(op.key(), members)).as(op.toString()).isEqualTo(grown.size() - before);
            }
            case "SREM" -> {
                Set<String> shrunk = new HashSet<>(set);
                op.members().forEach(shrunk::remove);
                put(model, op.key(), shrunk);
                assertThat(jedis.srem(op.key(), members)).as(op.toString()).isEqualTo(set.size() - shrunk.size());
            }
            case "SISMEMBER" -> assertThat(jedis.sismember(op.key(), first)).isEqualTo(set.contains(first));
            case "SMISMEMBER" -> {
                List<Boolean> expected = new ArrayList<>();
                op.members().forEach(m -> expected.add(set.contains(m)));
                assertThat(jedis.smismember(op.key(), members)).isEqualTo(expected);
            }
            case "SCARD" -> assertThat(jedis.scard(op.key())).isEqualTo(set.size());
            case "SMEMBERS" -> assertThat(new TreeSet<>(jedis.smembers(op.key()))).isEqualTo(new TreeSet<>(set));
            case "SMOVE" -> smove(op, model, set, first);
            case "SINTER" -> assertThat(jedis.sinter(op.key(), op.other())).isEqualTo(inter(set, other));
            case "SUNION" -> assertThat(jedis.sunion(op.key(), op.other())).isEqualTo(union(set, other));
            case "SDIFF" -> assertThat(jedis.sdiff(op.key(), op.other())).isEqualTo(diff(set, other));
            case "SINTERCARD" -> assertThat(jedis.sintercard(op.key(), op.other())).isEqualTo(inter(set, other).size());
            case "SINTERSTORE" -> store(model, "c", inter(set, other), jedis.sinterstore("c", op.key(), op.other()));
            case "SUNIONSTORE" -> store(model, "c", union(set, other), jedis.sunionstore("c", op.key(), op.other()));
            case "SDIFFSTORE" -> store(model, "c", diff(set, other), jedis.sdiffstore("c", op.key(), op.other()));
            case "SPOP" -> {
                String popped = jedis.spop(op.key());
                if (set.isEmpty()) {
                    assertThat(popped).isNull();
                } else {
                    assertThat(set).contains(popped);
                    Set<String> shrunk = new HashSet<>(set);
                    shrunk.remove(popped);
                    put(model, op.key(), shrunk);
                }
            }
            case "SPOPCOUNT" -> {
                int count = Math.abs(op.count());
                Set<String> popped = jedis.spop(op.key(), count);
                assertThat(popped).hasSize(Math.min(count, set.size()));
                assertThat(set).containsAll(popped);
                Set<String> shrunk = new HashSet<>(set);
                shrunk.removeAll(popped);
                put(model, op.key(), shrunk);
            }
            case "SRANDMEMBER" -> {
                List<String> picked = jedis.srandmember(op.key(), op.count());
                int expected = op.count() >= 0 ? Math.min(op.count(), set.size()) : set.isEmpty() ? 0 : -op.count();
                assertThat(picked).hasSize(expected);
                assertThat(set).containsAll(picked);
                if (op.count() >= 0) {
                    assertThat(picked).doesNotHaveDuplicates();
                }
            }
            case "SCAN" -> {
                Set<String> seen = new TreeSet<>();
                String cursor = "0";
                do {
                    var page = jedis.sscan(op.key(), cursor, new redis.clients.jedis.params.ScanParams().count(2));
                    seen.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals("0"));
                assertThat(seen).isEqualTo(new TreeSet<>(set));
            }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    private static void smove(Op op, Map<String, Set<String>> model, Set<String> set, String member) {
        long expected = set.contains(member) ? 1 : 0;
        if (expected == 1 && !op.key().equals(op.other())) {
            Set<String> from = new HashSet<>(set);
            from.remove(member);
            Set<String> to = new HashSet<>(model.getOrDefault(op.other(), Set.of()));
            to.add(member);
            put(model, op.key(), from);
            model.put(op.other(), to);
        }
        assertThat(jedis.smove(op.key(), op.other(), member)).as(op.toString()).isEqualTo(expected);
    }

    private static void store(Map<String, Set<String>> model, String key, Set<String> result, long reply) {
        assertThat(reply).isEqualTo(result.size());
        put(model, key, new HashSet<>(result));
        assertThat(jedis.smembers(key)).isEqualTo(result);
    }

    private static void put(Map<String, Set<String>> model, String key, Set<String> set) {
        if (set.isEmpty()) {
            model.remove(key);
        } else {
            model.put(key, set);
        }
    }

    private static Set<String> inter(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.retainAll(b);
        return result;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }
}
