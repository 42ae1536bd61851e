package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedList;
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
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;

/**
 * Random command sequences against SealedKV over a socket and against a {@link LinkedList} model give
 * the same replies and the same final list, whatever the node size (by bytes or by entries).
 */
class ListModelProperties {
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

    enum Kind { LPUSH, RPUSH, LPOP, RPOP, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, ROTATE }

    record Op(Kind kind, int a, int b, List<String> values) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> value = Arbitraries.of("a", "b", "c", "d", "x".repeat(300), "");
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(-60, 60),
                Arbitraries.integers().between(-60, 60), value.list().ofMinSize(1).ofMaxSize(45)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void listBehavesLikeTheModel(@ForAll("sequences") List<Op> ops, @ForAll("fills") String fill) {
        jedis.flushAll();
        jedis.configSet("list-max-listpack-size", fill);
        LinkedList<String> model = new LinkedList<>();
        for (Op op : ops) {
            apply(op, model);
            assertThat(jedis.llen("l")).as("after %s", op).isEqualTo(model.size());
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        assertThat(jedis.exists("l")).isEqualTo(!model.isEmpty());
    }

    @Provide
    Arbitrary<String> fills() {
        return Arbitraries.of("-2", "-1", "1", "3", "16");
    }

    private static void apply(Op op, LinkedList<String> model) {
        int size = model.size();
        switch (op.kind()) {
            case LPUSH -> {
                op.values().forEach(model::addFirst);
                assertThat(jedis.lpush("l", op.values().toArray(String[]::new))).isEqualTo(model.size());
            }
            case RPUSH -> {
                model.addAll(op.values());
                assertThat(jedis.rpush("l", op.values().toArray(String[]::new))).isEqualTo(model.size());
            }
            case LPOP, RPOP -> {
                int count = Math.abs(op.a()) % 50 + 1;
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < count && !model.isEmpty(); i++) {
                    expected.add(op.kind() == Kind.LPOP ? model.removeFirst() : model.removeLast());
                }
                List<String> popped = op.kind() == Kind.LPOP ? jedis.lpop("l", count) : jedis.rpop("l", count);
                assertThat(popped).isEqualTo(expected.isEmpty() ? null : expected);
            }
            case LRANGE -> assertThat(jedis.lrange("l", op.a(), op.b())).isEqualTo(range(model, op.a(), op.b()));
            case LINDEX -> {
                int index = op.a() < 0 ? op.a() + size : op.a();
                assertThat(jedis.lindex("l", op.a())).isEqualTo(index >= 0 && index < size ? model.get(index) : null);
            }
            case LSET -> {
                int index = op.a() < 0 ? op.a() + size : op.a();
                if (index >= 0 && index < size) {
                    model.set(index, op.values().get(0));
                    assertThat(jedis.lset("l", op.a(), op.values().get(0))).isEqualTo("OK");
                }
            }
            case LINSERT -> {
                String pivot = op.values().get(0);
                int at = model.indexOf(pivot);
                long expected = size == 0 ? 0 : at < 0 ? -1 : size + 1;
                if (at >= 0) {
                    model.add(op.b() >= 0 ? at + 1 : at, "new" + op.a());
                }
                assertThat(jedis.linsert("l", op.b() >= 0 ? ListPosition.AFTER : ListPosition.BEFORE, pivot,
                        "new" + op.a())).isEqualTo(expected);
            }
            case LREM -> {
                String value = op.values().get(0);
                int count = op.a() / 10;
                int removed = remove(model, value, count);
                assertThat(jedis.lrem("l", count, value)).isEqualTo(removed);
            }
            case LTRIM -> {
                List<String> kept = range(model, op.a(), op.b());
                model.clear();
                model.addAll(kept);
                assertThat(jedis.ltrim("l", op.a(), op.b())).isEqualTo("OK");
            }
            case LPOS -> {
                String value = op.values().get(0);
                List<Long> expected = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    if (model.get(i).equals(value)) {
                        expected.add((long) i);
                    }
                }
                assertThat(jedis.lpos("l", value, LPosParams.lPosParams(), 0)).isEqualTo(expected);
            }
            case ROTATE -> {
                String moved = model.isEmpty() ? null : model.removeLast();
                if (moved != null) {
                    model.addFirst(moved);
                }
                assertThat(jedis.lmove("l", "l", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo(moved);
            }
        }
    }

    private static List<String> range(List<String> model, long start, long end) {
        int size = model.size();
        long[] range = Ranges.clamp(start, end, size);
        return range == null ? List.of() : new ArrayList<>(model.subList((int) range[0], (int) range[1] + 1));
    }

    private static int remove(LinkedList<String> model, String value, int count) {
        int removed = 0;
        if (count >= 0) {
            var it = model.iterator();
            while (it.hasNext() && (count == 0 || removed < count)) {
                if (it.next().equals(value)) {
                    it.remove();
                    removed++;
                }
            }
        } else {
            var it = model.descendingIterator();
            while (it.hasNext() && removed < -count) {
                if (it.next().equals(value)) {
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }
}
