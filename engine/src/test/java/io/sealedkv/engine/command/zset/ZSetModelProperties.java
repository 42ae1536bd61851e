package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import io.sealedkv.engine.types.zset.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Random command sequences on one sorted set, sent to SealedKV over a socket and applied to a plain
 * model (a map of member to score, sorted by score then member bytes as Redis sorts): every reply must
 * be the model's. The listpack limit is small, so sequences cross from listpack to skiplist.
 */
class ZSetModelProperties {
    private static final String[] MEMBERS = {"", "a", "b", "c", "aa", "ab", "b\u0000", "z", "zz", "m1", "m2", "m3",
        "m4", "m5", "m6", "m7"};
    private static final String[] SCORES = {"-inf", "-1", "0", "0.5", "1", "1", "2", "2.5", "+inf", "3"};
    private static final Comparator<Map.Entry<String, Double>> ORDER = (x, y) -> x.getValue() < y.getValue() ? -1
            : x.getValue() > y.getValue() ? 1
            : Arrays.compareUnsigned(SafeEncoder.encode(x.getKey()), SafeEncoder.encode(y.getKey()));

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

    @Property(tries = 60)
    void repliesMatchTheModel(@ForAll("sequences") List<List<String>> commands, @ForAll("limits") int listpackLimit) {
        jedis.flushAll();
        jedis.configSet("zset-max-listpack-entries", Integer.toString(listpackLimit));
        Map<String, Double> model = new HashMap<>();
        for (List<String> command : commands) {
            String expected = apply(model, command);
            assertThat(send(command)).as("%s on %s", command, model).isEqualTo(expected);
        }
        assertThat(send(List.of("ZCARD", "k"))).isEqualTo(Integer.toString(model.size()));
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.of(0, 3, 8, 128);
    }

    @Provide
    Arbitrary<List<List<String>>> sequences() {
        Arbitrary<String> member = Arbitraries.of(MEMBERS);
        Arbitrary<String> score = Arbitraries.of(SCORES);
        Arbitrary<String> index = Arbitraries.integers().between(-8, 8).map(String::valueOf);
        Arbitrary<String> bound = Combinators.combine(Arbitraries.of("", "("), score).as((p, s) -> p + s);
        Arbitrary<String> flag = Arbitraries.of("", "NX", "XX", "GT", "LT", "CH");
        Arbitrary<List<String>> command = Arbitraries.oneOf(
            Combinators.combine(flag, score, member, score, member)
                .as((f, s1, m1, s2, m2) -> f.isEmpty() ? List.of("ZADD", "k", s1, m1, s2, m2)
                        : List.of("ZADD", "k", f, s1, m1, s2, m2)),
            Combinators.combine(score, member).as((s, m) -> List.of("ZADD", "k", s, m)),
            Combinators.combine(score, member).as((s, m) -> List.of("ZINCRBY", "k", s, m)),
            member.map(m -> List.of("ZREM", "k", m)),
            member.map(m -> List.of("ZSCORE", "k", m)),
            member.map(m -> List.of("ZRANK", "k", m)),
            member.map(m -> List.of("ZREVRANK", "k", m)),
            Combinators.combine(index, index).as((a, b) -> List.of("ZRANGE", "k", a, b, "WITHSCORES")),
            Combinators.combine(index, index).as((a, b) -> List.of("ZREVRANGE", "k", a, b)),
            Combinators.combine(bound, bound).as((a, b) -> List.of("ZRANGEBYSCORE", "k", a, b, "WITHSCORES")),
            Combinators.combine(bound, bound).as((a, b) -> List.of("ZCOUNT", "k", a, b)),
            Combinators.combine(bound, bound).as((a, b) -> List.of("ZREMRANGEBYSCORE", "k", a, b)),
            Combinators.combine(index, index).as((a, b) -> List.of("ZREMRANGEBYRANK", "k", a, b)),
            Arbitraries.integers().between(0, 4).map(n -> List.of("ZPOPMIN", "k", Integer.toString(n))),
            Arbitraries.integers().between(0, 4).map(n -> List.of("ZPOPMAX", "k", Integer.toString(n))),
            Arbitraries.just(List.of("ZCARD", "k")));
        return command.list().ofMinSize(1).ofMaxSize(40);
    }

    private static String send(List<String> command) {
        try {
            Object reply = jedis.sendCommand(() -> SafeEncoder.encode(command.get(0)),
                    command.subList(1, command.size()).toArray(new String[0]));
            return text(reply);
        } catch (JedisDataException e) {
            return "-" + e.getMessage();
        }
    }

    private static String text(Object reply) {
        if (reply == null) {
            return "nil";
        }
        if (reply instanceof byte[] bytes) {
            return SafeEncoder.encode(bytes);
        }
        if (reply instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(o -> items.add(text(o)));
            return items.toString();
        }
        return String.valueOf(reply);
    }

    private static List<Map.Entry<String, Double>> sorted(Map<String, Double> model) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(model.entrySet());
        entries.sort(ORDER);
        return entries;
    }

    private static double score(String text) {
        return Scores.parseStrict(SafeEncoder.encode(text));
    }

    /** What Redis answers, computed on the model (which it changes as Redis would). */
    private static String apply(Map<String, Double> model, List<String> c) {
        List<Map.Entry<String, Double>> order = sorted(model);
        switch (c.get(0)) {
            case "ZADD" -> {
                String flag = c.size() % 2 == 0 ? "" : c.get(2);
                int first = flag.isEmpty() ? 2 : 3;
                long added = 0;
                long changed = 0;
                for (int i = first; i < c.size(); i += 2) {
                    double s = score(c.get(i));
                    String m = c.get(i + 1);
                    Double cur = model.get(m);
                    if (cur == null) {
                        if (!flag.equals("XX")) {
                            model.put(m, s);
                            added++;
                        }
                    } else if (!flag.equals("NX") && !(flag.equals("GT") && s <= cur)
                            && !(flag.equals("LT") && s >= cur) && s != cur) {
                        model.put(m, s);
                        changed++;
                    }
                }
                return Long.toString(flag.equals("CH") ? added + changed : added);
            }
            case "ZINCRBY" -> {
                double s = score(c.get(2)) + model.getOrDefault(c.get(3), 0.0);
                if (Double.isNaN(s)) {
                    return "-ERR resulting score is not a number (NaN)";
                }
                model.put(c.get(3), s);
                return Scores.format(s);
            }
            case "ZREM" -> {
                return model.remove(c.get(2)) == null ? "0" : "1";
            }
            case "ZSCORE" -> {
                Double s = model.get(c.get(2));
                return s == null ? "nil" : Scores.format(s);
            }
            case "ZRANK", "ZREVRANK" -> {
                for (int i = 0; i < order.size(); i++) {
                    if (order.get(i).getKey().equals(c.get(2))) {
                        return Integer.toString(c.get(0).equals("ZRANK") ? i : order.size() - 1 - i);
                    }
                }
                return "nil";
            }
            case "ZRANGE", "ZREVRANGE", "ZREMRANGEBYRANK" -> {
                int[] r = ranks(order.size(), Integer.parseInt(c.get(2)), Integer.parseInt(c.get(3)));
                List<Map.Entry<String, Double>> slice = new ArrayList<>();
                for (int i = r[0]; i < r[1]; i++) {
                    int at = c.get(0).equals("ZREVRANGE") ? order.size() - 1 - i : i;
                    slice.add(order.get(at));
                }
                if (c.get(0).equals("ZREMRANGEBYRANK")) {
                    slice.forEach(e -> model.remove(e.getKey()));
                    return Integer.toString(slice.size());
                }
                return render(slice, c.get(0).equals("ZRANGE"));
            }
            case "ZRANGEBYSCORE", "ZCOUNT", "ZREMRANGEBYSCORE" -> {
                List<Map.Entry<String, Double>> slice = new ArrayList<>();
                for (Map.Entry<String, Double> e : order) {
                    if (inRange(e.getValue(), c.get(2), c.get(3))) {
                        slice.add(e);
                    }
                }
                if (c.get(0).equals("ZRANGEBYSCORE")) {
                    return render(slice, true);
                }
                if (c.get(0).equals("ZREMRANGEBYSCORE")) {
                    slice.forEach(e -> model.remove(e.getKey()));
                }
                return Integer.toString(slice.size());
            }
            case "ZPOPMIN", "ZPOPMAX" -> {
                int n = Math.min(Integer.parseInt(c.get(2)), order.size());
                List<Map.Entry<String, Double>> popped = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    popped.add(order.get(c.get(0).equals("ZPOPMIN") ? i : order.size() - 1 - i));
                }
                String reply = render(popped, true);
                popped.forEach(e -> model.remove(e.getKey()));
                return reply;
            }
            case "ZCARD" -> {
                return Integer.toString(model.size());
            }
            default -> throw new IllegalArgumentException(c.get(0));
        }
    }

    private static int[] ranks(int size, long start, long stop) {
        if (start < 0) {
            start += size;
        }
        if (stop < 0) {
            stop += size;
        }
        start = Math.max(start, 0);
        if (start > stop || start >= size) {
            return new int[] {0, 0};
        }
        return new int[] {(int) start, (int) Math.min(stop, size - 1) + 1};
    }

    private static boolean inRange(double value, String min, String max) {
        boolean minEx = min.startsWith("(");
        boolean maxEx = max.startsWith("(");
        double lo = score(minEx ? min.substring(1) : min);
        double hi = score(maxEx ? max.substring(1) : max);
        return (minEx ? value > lo : value >= lo) && (maxEx ? value < hi : value <= hi);
    }

    private static String render(List<Map.Entry<String, Double>> entries, boolean withScores) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Double> e : entries) {
            items.add(e.getKey());
            if (withScores) {
                items.add(Scores.format(e.getValue()));
            }
        }
        return items.toString();
    }

    /**
     * Thousands of members in a skiplist set (many leaves of the tree), most ZADDs and ZINCRBYs moving a
     * member that is there already, as redis-benchmark's ZADD does, with scores drawn from a few values
     * (ties ordered by member bytes) or many: ZRANGE WITHSCORES, ZRANK and ZSCORE give the model's answers.
     */
    @Property(tries = 5)
    void manyMembersMovedByZaddAndZincrbyMatchTheModel(@ForAll @IntRange(min = 1000, max = 4000) int size,
                                                       @ForAll boolean fewScores, @ForAll long seed) {
        jedis.flushAll();
        jedis.configSet("zset-max-listpack-entries", "128");
        Random random = new Random(seed);
        int scores = fewScores ? 8 : 1_000_000;
        Map<String, Double> model = new HashMap<>();
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 4 * size; i++) {
            String member = "element:" + random.nextInt(size);
            double score = random.nextInt(scores);
            if (random.nextInt(4) == 0) {
                model.merge(member, score, Double::sum);
                pipeline.zincrby("big", score, member);
            } else {
                model.put(member, score);
                pipeline.zadd("big", score, member);
            }
        }
        pipeline.sync();
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
        sorted.sort(ORDER);
        List<String> expected = new ArrayList<>();
        sorted.forEach(e -> expected.add(e.getKey() + "=" + e.getValue()));
        List<String> actual = new ArrayList<>();
        for (Tuple t : jedis.zrangeWithScores("big", 0, -1)) {
            actual.add(t.getElement() + "=" + t.getScore());
        }
        assertThat(jedis.objectEncoding("big")).isEqualTo("skiplist");
        assertThat(actual).containsExactlyElementsOf(expected);
        for (int k = 0; k < 100; k++) {
            int rank = random.nextInt(sorted.size());
            String member = sorted.get(rank).getKey();
            assertThat(jedis.zrank("big", member)).isEqualTo(rank);
            assertThat(jedis.zscore("big", member)).isEqualTo(sorted.get(rank).getValue());
        }
    }
}
