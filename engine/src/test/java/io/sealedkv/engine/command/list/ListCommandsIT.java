package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;

/** Every list command and option over a real socket, on small lists and on lists of many sealed nodes. */
class ListCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        jedis.configSet("list-max-listpack-size", "-2");
    }

    private static String[] items(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "item-" + i).toArray(String[]::new);
    }

    @Test
    void pushesAndPopsAtBothEnds() {
        assertThat(jedis.lpush("l", "b", "a")).isEqualTo(2);
        assertThat(jedis.rpush("l", "c", "d")).isEqualTo(4);
        assertThat(jedis.lpushx("l", "z")).isEqualTo(5);
        assertThat(jedis.rpushx("l", "y")).isEqualTo(6);
        assertThat(jedis.lpushx("none", "z")).isZero();
        assertThat(jedis.rpushx("none", "z")).isZero();
        assertThat(jedis.exists("none")).isFalse();
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("z", "a", "b", "c", "d", "y");
        assertThat(jedis.lpop("l")).isEqualTo("z");
        assertThat(jedis.rpop("l")).isEqualTo("y");
        assertThat(jedis.lpop("l", 2)).containsExactly("a", "b");
        assertThat(jedis.rpop("l", 5)).containsExactly("d", "c");
        assertThat(jedis.exists("l")).isFalse();
        assertThat(jedis.lpop("l")).isNull();
        assertThat(Raw.send(jedis, "LPOP", "l", "2")).isNull();
        assertThat(Raw.error(jedis, "LPOP", "l", "-1")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(Raw.error(jedis, "RPOP", "l", "1", "2")).isEqualTo("ERR wrong number of arguments for 'rpop' command");
        assertThat(Raw.error(jedis, "LPUSH", "l")).isEqualTo("ERR wrong number of arguments for 'lpush' command");
    }

    @Test
    void popWithCountZeroOnAListIsAnEmptyArray() {
        jedis.rpush("l", "a");
        assertThat(Raw.send(jedis, "LPOP", "l", "0")).isEqualTo(List.of());
        assertThat(jedis.llen("l")).isEqualTo(1);
    }

    @Test
    void longListsKeepTheirOrderThroughPackingAndUnpacking() {
        LinkedList<String> model = new LinkedList<>();
        for (int round = 0; round < 20; round++) {
            String[] batch = items(round * 100, round * 100 + 100);
            if (round % 2 == 0) {
                jedis.rpush("l", batch);
                model.addAll(List.of(batch));
            } else {
                for (String item : batch) {
                    jedis.lpush("l", item);
                    model.addFirst(item);
                }
            }
        }
        assertThat(jedis.llen("l")).isEqualTo(model.size());
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        for (int i = 0; i < 150; i++) {
            assertThat(jedis.lpop("l")).isEqualTo(model.removeFirst());
            assertThat(jedis.rpop("l")).isEqualTo(model.removeLast());
        }
        assertThat(jedis.lpop("l", 333)).isEqualTo(new ArrayList<>(model.subList(0, 333)));
        model.subList(0, 333).clear();
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        assertThat(jedis.lrange("l", 500, 520)).isEqualTo(model.subList(500, 521));
        assertThat(jedis.lindex("l", 777)).isEqualTo(model.get(777));
        assertThat(jedis.lindex("l", -5)).isEqualTo(model.get(model.size() - 5));
    }

    @Test
    void readsOfAListNeverPoppedPackItsEdgesAndPopsThenSplitThem() {
        LinkedList<String> model = new LinkedList<>();
        for (int i = 0; i < 300; i++) {
            String item = "item-" + i;
            jedis.lpush("l", item);
            jedis.rpush("l", "tail-" + i);
            model.addFirst(item);
            model.addLast("tail-" + i);
        }
        for (int i = 0; i < 3; i++) {
            // Each read packs the singles it met at that edge (all of them: neither edge was popped yet).
            assertThat(jedis.lrange("l", 0, 99)).isEqualTo(model.subList(0, 100));
            assertThat(jedis.lrange("l", -100, -1)).isEqualTo(model.subList(model.size() - 100, model.size()));
        }
        assertThat(jedis.lindex("l", 3)).isEqualTo(model.get(3));
        assertThat(jedis.lindex("l", -40)).isEqualTo(model.get(model.size() - 40));
        for (int i = 0; i < 100; i++) {
            assertThat(jedis.lpop("l")).isEqualTo(model.removeFirst());
            assertThat(jedis.rpop("l")).isEqualTo(model.removeLast());
            if (i % 10 == 0) {
                assertThat(jedis.lrange("l", 0, 49)).isEqualTo(model.subList(0, 50));
            }
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
    }

    /**
     * Clients pushing, popping and reading at both edges at once, so packing and unpacking after the
     * replies race with each other's changes: every element is popped or left exactly once, in push order.
     */
    @Test
    void concurrentPushesAndPopsAtBothEdgesLoseNothing() throws Exception {
        int perClient = 3000;
        List<String> popped = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int client = t;
            Jedis own = server.jedis();
            threads.add(new Thread(() -> {
                var pipeline = own.pipelined();
                List<redis.clients.jedis.Response<String>> pops = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    String element = client + "-" + i;
                    if (client % 2 == 0) {
                        pipeline.rpush("l", element);
                    } else {
                        pipeline.lpush("l", element);
                    }
                    if (i % 3 == 2) {
                        pops.add(client < 2 ? pipeline.lpop("l") : pipeline.rpop("l"));
                    }
                    if (i % 50 == 0) {
                        pipeline.lrange("l", client % 2 == 0 ? 0 : -100, client % 2 == 0 ? 99 : -1);
                    }
                }
                pipeline.sync();
                pops.forEach(pop -> popped.add(pop.get()));
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        List<String> left = jedis.lrange("l", 0, -1);
        List<String> all = new ArrayList<>(left);
        all.addAll(popped);
        assertThat(all).doesNotContainNull().doesNotHaveDuplicates().hasSize(4 * perClient);
        for (int client = 0; client < 4; client++) {
            String prefix = client + "-";
            List<Integer> order = left.stream().filter(e -> e.startsWith(prefix))
                    .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(client % 2 == 0 ? java.util.Comparator.naturalOrder() : java.util.Comparator.reverseOrder());
            assertThat(order).isEqualTo(sorted);
        }
        assertThat(jedis.llen("l")).isEqualTo(left.size());
    }

    @Test
    void smallNodesByEntryCount() {
        jedis.configSet("list-max-listpack-size", "3");
        String[] all = items(0, 200);
        jedis.rpush("l", all);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly(all);
        jedis.lset("l", 100, "X");
        jedis.linsert("l", ListPosition.AFTER, "item-50", "Y");
        assertThat(jedis.lindex("l", 101)).isEqualTo("X");
        assertThat(jedis.lindex("l", 51)).isEqualTo("Y");
        assertThat(jedis.llen("l")).isEqualTo(201);
        assertThat(jedis.objectEncoding("l")).isEqualTo("quicklist");
    }

    @Test
    void rangesAndIndexes() {
        jedis.rpush("l", "a", "b", "c", "d", "e");
        assertThat(jedis.lrange("l", 1, 3)).containsExactly("b", "c", "d");
        assertThat(jedis.lrange("l", -2, -1)).containsExactly("d", "e");
        assertThat(jedis.lrange("l", -100, 100)).hasSize(5);
        assertThat(jedis.lrange("l", 3, 1)).isEmpty();
        assertThat(jedis.lrange("none", 0, -1)).isEmpty();
        assertThat(jedis.lindex("l", 0)).isEqualTo("a");
        assertThat(jedis.lindex("l", -1)).isEqualTo("e");
        assertThat(jedis.lindex("l", 5)).isNull();
        assertThat(jedis.lindex("none", 0)).isNull();
        assertThat(Raw.error(jedis, "LINDEX", "l", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(jedis.llen("none")).isZero();
    }

    @Test
    void lsetReplacesOrFails() {
        jedis.rpush("l", items(0, 100));
        assertThat(jedis.lset("l", 0, "first")).isEqualTo("OK");
        assertThat(jedis.lset("l", -1, "last")).isEqualTo("OK");
        assertThat(jedis.lset("l", 50, "middle")).isEqualTo("OK");
        assertThat(jedis.lindex("l", 0)).isEqualTo("first");
        assertThat(jedis.lindex("l", 99)).isEqualTo("last");
        assertThat(jedis.lindex("l", 50)).isEqualTo("middle");
        assertThat(Raw.error(jedis, "LSET", "l", "100", "x")).isEqualTo("ERR index out of range");
        assertThat(Raw.error(jedis, "LSET", "none", "0", "x")).isEqualTo("ERR no such key");
    }

    @Test
    void linsertBeforeAndAfterThePivot() {
        jedis.rpush("l", "a", "b", "c");
        assertThat(jedis.linsert("l", ListPosition.BEFORE, "b", "x")).isEqualTo(4);
        assertThat(jedis.linsert("l", ListPosition.AFTER, "c", "y")).isEqualTo(5);
        assertThat(jedis.linsert("l", ListPosition.AFTER, "none", "y")).isEqualTo(-1);
        assertThat(jedis.linsert("none", ListPosition.AFTER, "a", "y")).isZero();
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "x", "b", "c", "y");
        assertThat(Raw.error(jedis, "LINSERT", "l", "MIDDLE", "a", "b")).isEqualTo("ERR syntax error");
    }

    @Test
    void lremFromEitherEnd() {
        jedis.rpush("l", "a", "b", "a", "c", "a");
        assertThat(jedis.lrem("l", 1, "a")).isEqualTo(1);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("b", "a", "c", "a");
        assertThat(jedis.lrem("l", -1, "a")).isEqualTo(1);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("b", "a", "c");
        assertThat(jedis.lrem("l", 0, "a")).isEqualTo(1);
        assertThat(jedis.lrem("l", 0, "zz")).isZero();
        assertThat(jedis.lrem("none", 0, "a")).isZero();
        assertThat(jedis.lrem("l", 0, "b") + jedis.lrem("l", 0, "c")).isEqualTo(2);
        assertThat(jedis.exists("l")).isFalse();
    }

    @Test
    void lremAcrossManyNodes() {
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            model.add(i % 7 == 0 ? "seven" : "n" + i);
        }
        jedis.rpush("l", model.toArray(String[]::new));
        assertThat(jedis.lrem("l", -10, "seven")).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            model.remove(model.lastIndexOf("seven"));
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        long left = model.stream().filter("seven"::equals).count();
        assertThat(jedis.lrem("l", 0, "seven")).isEqualTo(left);
        model.removeIf("seven"::equals);
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
    }

    @Test
    void ltrimKeepsTheRangeOrDeletes() {
        jedis.rpush("l", items(0, 1000));
        assertThat(jedis.ltrim("l", 100, -101)).isEqualTo("OK");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly(items(100, 900));
        jedis.ltrim("l", 5, 4);
        assertThat(jedis.exists("l")).isFalse();
        assertThat(jedis.ltrim("none", 0, 1)).isEqualTo("OK");
    }

    @Test
    void lposWithRankCountAndMaxlen() {
        jedis.rpush("l", "a", "b", "c", "a", "b", "c", "a");
        assertThat(jedis.lpos("l", "a")).isEqualTo(0);
        assertThat(jedis.lpos("l", "a", LPosParams.lPosParams().rank(2))).isEqualTo(3);
        assertThat(jedis.lpos("l", "a", LPosParams.lPosParams().rank(-1))).isEqualTo(6);
        assertThat(jedis.lpos("l", "z")).isNull();
        assertThat(jedis.lpos("l", "a", LPosParams.lPosParams(), 0)).containsExactly(0L, 3L, 6L);
        assertThat(jedis.lpos("l", "a", LPosParams.lPosParams().rank(-1), 2)).containsExactly(6L, 3L);
        assertThat(jedis.lpos("l", "a", LPosParams.lPosParams().maxlen(3), 0)).containsExactly(0L);
        assertThat(jedis.lpos("none", "a", LPosParams.lPosParams(), 0)).isEmpty();
        assertThat(Raw.error(jedis, "LPOS", "l", "a", "RANK", "0")).startsWith("ERR RANK can't be zero");
        assertThat(Raw.error(jedis, "LPOS", "l", "a", "COUNT", "-1")).isEqualTo("ERR COUNT can't be negative");
        assertThat(Raw.error(jedis, "LPOS", "l", "a", "MAXLEN", "-1")).isEqualTo("ERR MAXLEN can't be negative");
    }

    @Test
    void lmoveAndRpoplpush() {
        jedis.rpush("src", "a", "b", "c");
        assertThat(jedis.lmove("src", "dst", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
        assertThat(jedis.rpoplpush("src", "dst")).isEqualTo("c");
        assertThat(jedis.lmove("src", "src", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("b");
        assertThat(jedis.lrange("dst", 0, -1)).containsExactly("c", "a");
        assertThat(jedis.lmove("dst", "dst", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo("a");
        assertThat(jedis.lrange("dst", 0, -1)).containsExactly("a", "c");
        assertThat(jedis.rpoplpush("none", "dst")).isNull();
        jedis.set("str", "x");
        assertThat(Raw.error(jedis, "LMOVE", "dst", "str", "LEFT", "LEFT")).startsWith("WRONGTYPE");
        assertThat(jedis.llen("dst")).isEqualTo(2);
    }

    @Test
    void lmpopTakesFromTheFirstNonEmptyList() {
        jedis.rpush("b", "1", "2", "3");
        assertThat(Raw.send(jedis, "LMPOP", "2", "a", "b", "LEFT")).isEqualTo(List.of("b", List.of("1")));
        assertThat(Raw.send(jedis, "LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5")).isEqualTo(List.of("b", List.of("3", "2")));
        assertThat(Raw.send(jedis, "LMPOP", "1", "b", "LEFT")).isNull();
        assertThat(Raw.error(jedis, "LMPOP", "0", "b", "LEFT")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(Raw.error(jedis, "LMPOP", "1", "b", "LEFT", "COUNT", "0")).isEqualTo("ERR count should be greater than 0");
    }

    @Test
    void wrongTypeEverywhere() {
        jedis.set("s", "x");
        for (String[] command : new String[][] {{"LPUSH", "s", "a"}, {"LLEN", "s"}, {"LRANGE", "s", "0", "1"},
                {"LPOP", "s"}, {"LINDEX", "s", "0"}, {"LSET", "s", "0", "a"}, {"LREM", "s", "0", "a"},
                {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LINSERT", "s", "BEFORE", "a", "b"},
                {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"}, {"BLPOP", "s", "0"}}) {
            assertThat(Raw.error(jedis, command)).as(String.join(" ", command)).startsWith("WRONGTYPE");
        }
        jedis.rpush("l", "a");
        assertThat(Raw.error(jedis, "GET", "l")).startsWith("WRONGTYPE");
    }

    @Test
    void copyRenameMoveAndExpiryKeepTheList() {
        jedis.rpush("l", items(0, 300));
        jedis.expire("l", 100);
        jedis.rename("l", "m");
        assertThat(jedis.ttl("m")).isPositive();
        assertThat(jedis.copy("m", "c", false)).isTrue();
        jedis.lpush("c", "new");
        assertThat(jedis.llen("m")).isEqualTo(300);
        assertThat(jedis.lrange("c", 0, 1)).containsExactly("new", "item-0");
        assertThat(jedis.move("c", 1)).isEqualTo(1);
        jedis.select(1);
        assertThat(jedis.lrange("c", -1, -1)).containsExactly("item-299");
        jedis.select(0);
        jedis.pexpire("m", 1);
        assertThat(jedis.type("m")).isIn("list", "none");
        jedis.pexpireAt("m", 1);
        assertThat(jedis.exists("m")).isFalse();
    }

    /**
     * One-element pushes at both edges (packed into nodes after the replies), then pops that split the
     * edge nodes into singles: the mixed encoding survives DUMP/RESTORE and COPY element for element, and
     * the restored and copied lists pop, read and grow like the original.
     */
    @Test
    void dumpRestoreAndCopyAfterPopsSplitTheEdgeNodes() {
        LinkedList<String> model = new LinkedList<>();
        for (int i = 0; i < 400; i++) {
            jedis.lpush("l", "head-" + i);
            model.addFirst("head-" + i);
            jedis.rpush("l", "tail-" + i);
            model.addLast("tail-" + i);
        }
        for (int i = 0; i < 90; i++) {
            assertThat(jedis.lpop("l")).isEqualTo(model.removeFirst());
            if (i % 3 == 0) {
                assertThat(jedis.rpop("l")).isEqualTo(model.removeLast());
            }
        }
        byte[] payload = jedis.dump("l");
        assertThat(jedis.restore("r", 0, payload)).isEqualTo("OK");
        assertThat(jedis.copy("l", "c", false)).isTrue();
        for (String key : List.of("l", "r", "c")) {
            LinkedList<String> expected = new LinkedList<>(model);
            assertThat(jedis.lrange(key, 0, -1)).as(key).isEqualTo(expected);
            assertThat(jedis.lindex(key, 0)).as(key).isEqualTo(expected.getFirst());
            assertThat(jedis.lindex(key, -1)).as(key).isEqualTo(expected.getLast());
            assertThat(jedis.lindex(key, 300)).as(key).isEqualTo(expected.get(300));
            for (int i = 0; i < 50; i++) {
                assertThat(jedis.rpop(key)).as(key).isEqualTo(expected.removeLast());
                assertThat(jedis.lpop(key)).as(key).isEqualTo(expected.removeFirst());
            }
            jedis.lpush(key, "again");
            expected.addFirst("again");
            assertThat(jedis.lrange(key, 0, 40)).as(key).isEqualTo(expected.subList(0, 41));
            assertThat(jedis.llen(key)).as(key).isEqualTo(expected.size());
        }
    }

    @Test
    void binaryElementsRoundTrip() {
        byte[] element = {0, (byte) 0xff, '\r', '\n', 0};
        jedis.rpush("b".getBytes(), element, new byte[0]);
        assertThat(jedis.lrange("b".getBytes(), 0, -1)).containsExactly(element, new byte[0]);
    }
}
