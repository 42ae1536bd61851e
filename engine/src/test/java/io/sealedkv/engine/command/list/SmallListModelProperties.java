package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.util.KeyValue;

/**
 * Two lists that keep crossing the small-list bound ({@link SmallLists}) both ways, one element at a time and
 * in pipelined runs, against {@link LinkedList} models: pops with and without a count, LMOVE and BLMOVE
 * between them, BLPOP, MULTI, COPY, DUMP/RESTORE, LSET and LTRIM give the same replies and contents.
 */
class SmallListModelProperties {
    private static final List<String> KEYS = List.of("s", "t");
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

    enum Kind { LPUSH, RPUSH, LPOP, RPOP, POP_COUNT, PIPELINE, LMOVE, BLMOVE, BLPOP, MULTI, COPY, RESTORE, LSET, LTRIM }

    record Op(Kind kind, int key, int a, List<String> values) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> value = Arbitraries.of("a", "bb", "ccc", "dddddddddddddddd", "x".repeat(100),
                "y".repeat(300));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(-8, 8), value.list().ofMinSize(1).ofMaxSize(6))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 40)
    void smallAndLargeListsBehaveLikeTheModel(@ForAll("sequences") List<Op> ops, @ForAll("fills") String fill) {
        jedis.flushAll();
        jedis.configSet("list-max-listpack-size", fill);
        Map<String, LinkedList<String>> models = Map.of("s", new LinkedList<>(), "t", new LinkedList<>());
        for (Op op : ops) {
            apply(op, models);
            for (String key : KEYS) {
                assertThat(jedis.llen(key)).as("%s after %s", key, op).isEqualTo(models.get(key).size());
                if (!models.get(key).isEmpty()) {
                    assertThat(jedis.objectEncoding(key)).isEqualTo("quicklist");
                }
            }
        }
        for (String key : KEYS) {
            assertThat(jedis.lrange(key, 0, -1)).isEqualTo(models.get(key));
            assertThat(jedis.exists(key)).isEqualTo(!models.get(key).isEmpty());
        }
    }

    @Provide
    Arbitrary<String> fills() {
        return Arbitraries.of("-2", "3", "16");
    }

    private static void apply(Op op, Map<String, LinkedList<String>> models) {
        String key = KEYS.get(op.key());
        String other = KEYS.get(1 - op.key());
        LinkedList<String> model = models.get(key);
        String first = op.values().get(0);
        switch (op.kind()) {
            case LPUSH -> {
                op.values().forEach(model::addFirst);
                assertThat(jedis.lpush(key, op.values().toArray(String[]::new))).isEqualTo(model.size());
            }
            case RPUSH -> {
                model.addAll(op.values());
                assertThat(jedis.rpush(key, op.values().toArray(String[]::new))).isEqualTo(model.size());
            }
            case LPOP -> assertThat(jedis.lpop(key)).isEqualTo(model.pollFirst());
            case RPOP -> assertThat(jedis.rpop(key)).isEqualTo(model.pollLast());
            case POP_COUNT -> {
                int count = Math.abs(op.a()) + 1;
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < count && !model.isEmpty(); i++) {
                    expected.add(op.a() < 0 ? model.removeFirst() : model.removeLast());
                }
                List<String> popped = op.a() < 0 ? jedis.lpop(key, count) : jedis.rpop(key, count);
                assertThat(popped).isEqualTo(expected.isEmpty() ? null : expected);
            }
            case PIPELINE -> pipeline(op, key, model);
            case LMOVE -> {
                boolean fromLeft = op.a() % 2 == 0;
                boolean toLeft = op.a() < 0;
                String moved = fromLeft ? model.pollFirst() : model.pollLast();
                pushModel(models.get(other), moved, toLeft);
                assertThat(jedis.lmove(key, other, direction(fromLeft), direction(toLeft))).isEqualTo(moved);
            }
            case BLMOVE -> {
                String moved = model.pollLast();
                pushModel(models.get(other), moved, true);
                assertThat(jedis.blmove(key, other, ListDirection.RIGHT, ListDirection.LEFT, 0.01)).isEqualTo(moved);
            }
            case BLPOP -> {
                String expected = model.pollFirst();
                KeyValue<String, String> popped = jedis.blpop(0.01, key);
                assertThat(popped == null ? null : popped.getValue()).isEqualTo(expected);
            }
            case MULTI -> {
                model.addFirst(first);
                String popped = model.pollLast();
                Transaction multi = jedis.multi();
                multi.lpush(key, first);
                multi.rpop(key);
                assertThat(multi.exec()).containsExactly((long) model.size() + 1, popped);
            }
            case COPY -> {
                jedis.del("c");
                assertThat(jedis.copy(key, "c", false)).isEqualTo(!model.isEmpty());
                jedis.rpush("c", first);
                jedis.lpop("c");
                List<String> expected = new ArrayList<>(model);
                expected.add(first);
                expected.remove(0);
                assertThat(jedis.lrange("c", 0, -1)).isEqualTo(expected);
            }
            case RESTORE -> {
                byte[] dump = jedis.dump(key);
                if (model.isEmpty()) {
                    assertThat(dump).isNull();
                    return;
                }
                jedis.del(key);
                assertThat(jedis.restore(key, 0, dump)).isEqualTo("OK");
            }
            case LSET -> {
                int index = op.a() < 0 ? op.a() + model.size() : op.a();
                if (index >= 0 && index < model.size()) {
                    model.set(index, first);
                    assertThat(jedis.lset(key, op.a(), first)).isEqualTo("OK");
                }
            }
            case LTRIM -> {
                long[] range = Ranges.clamp(op.a(), -1, model.size());
                List<String> kept = range == null ? List.of()
                        : new ArrayList<>(model.subList((int) range[0], (int) range[1] + 1));
                model.clear();
                model.addAll(kept);
                assertThat(jedis.ltrim(key, op.a(), -1)).isEqualTo("OK");
            }
        }
    }

    /** A pipelined run of single pushes and pops on one key (runs of pushes and of pops). */
    private static void pipeline(Op op, String key, LinkedList<String> model) {
        Pipeline pipeline = jedis.pipelined();
        List<Response<?>> replies = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        int n = Math.abs(op.a()) + 2;
        for (int i = 0; i < n; i++) {
            String value = op.values().get(i % op.values().size());
            switch ((i + op.a() + 8) % 4) {
                case 0, 1 -> {
                    model.addFirst(value);
                    replies.add(pipeline.lpush(key, value));
                    expected.add((long) model.size());
                }
                case 2 -> {
                    replies.add(pipeline.rpop(key));
                    expected.add(model.pollLast());
                }
                default -> {
                    replies.add(pipeline.lpop(key));
                    expected.add(model.pollFirst());
                }
            }
        }
        pipeline.sync();
        assertThat(replies.stream().map(Response::get).toList()).isEqualTo(expected);
    }

    private static void pushModel(LinkedList<String> model, String value, boolean left) {
        if (value != null && left) {
            model.addFirst(value);
        } else if (value != null) {
            model.addLast(value);
        }
    }

    private static ListDirection direction(boolean left) {
        return left ? ListDirection.LEFT : ListDirection.RIGHT;
    }
}
