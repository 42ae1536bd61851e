package io.sealedkv.engine.command.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
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
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Random sequences of hash commands against SealedKV (over a socket, with small listpack thresholds
 * so hashes convert midway) and against a plain java.util model: every reply must agree.
 */
class HashModelProperties {
    private static TestServer server;

    @BeforeContainer
    static void start() {
        server = TestServer.start("hash-max-listpack-entries 4", "hash-max-listpack-value 6");
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    record Op(int kind, String key, String field, String value, long n) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Op> op = Combinators.combine(
            Arbitraries.integers().between(0, 11),
            Arbitraries.of("h1", "h2"),
            Arbitraries.of("a", "b", "c", "d", "e", "f", "longfield"),
            Arbitraries.of("1", "22", "-5", "x", "", "longvalue", "9223372036854775807"),
            Arbitraries.longs().between(-3, 3)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void sealedKvAgreesWithTheModel(@ForAll("sequences") List<Op> ops) {
        Map<String, Map<String, String>> model = new HashMap<>();
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
            for (Op op : ops) {
                Object expected = apply(model, op);
                Object actual;
                try {
                    actual = run(jedis, op);
                } catch (JedisDataException e) {
                    actual = "error " + e.getMessage();
                }
                assertThat(actual).as("%s after %s", op, ops).isEqualTo(expected);
            }
        }
    }

    private static Object run(Jedis jedis, Op op) {
        String k = op.key();
        String f = op.field();
        return switch (op.kind()) {
            case 0 -> jedis.hset(k, f, op.value());
            case 1 -> jedis.hsetnx(k, f, op.value());
            case 2 -> jedis.hdel(k, f, "b");
            case 3 -> jedis.hget(k, f);
            case 4 -> jedis.hmget(k, f, "a");
            case 5 -> jedis.hexists(k, f);
            case 6 -> jedis.hlen(k);
            case 7 -> jedis.hstrlen(k, f);
            case 8 -> jedis.hincrBy(k, f, op.n());
            case 9 -> new TreeMap<>(jedis.hgetAll(k));
            case 10 -> jedis.hset(k, Map.of(f, op.value(), "z", "5"));
            default -> jedis.del(k);
        };
    }

    private static Object apply(Map<String, Map<String, String>> model, Op op) {
        Map<String, String> hash = model.getOrDefault(op.key(), new HashMap<>());
        String f = op.field();
        Object reply = switch (op.kind()) {
            case 0 -> hash.put(f, op.value()) == null ? 1L : 0L;
            case 1 -> hash.putIfAbsent(f, op.value()) == null ? 1L : 0L;
            case 2 -> (hash.remove(f) != null ? 1L : 0L) + (hash.remove("b") != null ? 1L : 0L);
            case 3 -> hash.get(f);
            case 4 -> {
                List<String> values = new ArrayList<>();
                values.add(hash.get(f));
                values.add(hash.get("a"));
                yield values;
            }
            case 5 -> hash.containsKey(f);
            case 6 -> (long) hash.size();
            case 7 -> (long) (hash.containsKey(f) ? hash.get(f).length() : 0);
            case 8 -> increment(hash, f, op.n());
            case 9 -> new TreeMap<>(hash);
            case 10 -> {
                long added = 0;
                added += hash.put(f, op.value()) == null ? 1 : 0;
                added += hash.put("z", "5") == null ? 1 : 0;
                yield added;
            }
            default -> {
                boolean existed = model.remove(op.key()) != null;
                hash.clear();
                yield existed ? 1L : 0L;
            }
        };
        if (hash.isEmpty()) {
            model.remove(op.key());
        } else {
            model.put(op.key(), hash);
        }
        return reply;
    }

    private static Object increment(Map<String, String> hash, String field, long n) {
        long current;
        try {
            String text = hash.getOrDefault(field, "0");
            current = Long.parseLong(text);
            if (!Long.toString(current).equals(text)) {
                return "error ERR hash value is not an integer";
            }
        } catch (NumberFormatException e) {
            return "error ERR hash value is not an integer";
        }
        long sum;
        try {
            sum = Math.addExact(current, n);
        } catch (ArithmeticException e) {
            return "error ERR increment or decrement would overflow";
        }
        hash.put(field, Long.toString(sum));
        return sum;
    }
}
