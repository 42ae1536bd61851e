package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.SafeEncoder;

/** Every sorted-set command and option through Jedis over a real socket, on both encodings. */
class ZSetCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        jedis.configSet("zset-max-listpack-entries", "128");
        jedis.configSet("zset-max-listpack-value", "64");
    }

    private Object raw(String... argv) {
        return jedis.sendCommand(() -> SafeEncoder.encode(argv[0]), Arrays.copyOfRange(argv, 1, argv.length));
    }

    private String error(String... argv) {
        JedisDataException e = catchThrowableOfType(JedisDataException.class, () -> raw(argv));
        assertThat(e).as(String.join(" ", argv)).isNotNull();
        return e.getMessage();
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String... argv) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) raw(argv)) {
            out.add(o == null ? null : SafeEncoder.encode((byte[]) o));
        }
        return out;
    }

    private void skiplist() {
        jedis.configSet("zset-max-listpack-entries", "0");
    }

    @Test
    void zaddOptionsOnBothEncodings() {
        for (boolean large : new boolean[] {false, true}) {
            jedis.flushAll();
            if (large) {
                skiplist();
            }
            assertThat(jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0))).isEqualTo(3);
            assertThat(jedis.objectEncoding("z")).isEqualTo(large ? "skiplist" : "listpack");
            assertThat(jedis.zadd("z", 1, "a")).isZero();
            assertThat(jedis.zadd("z", Map.of("a", 5.0, "d", 7.0), ZAddParams.zAddParams().ch())).isEqualTo(2);
            assertThat(jedis.zadd("z", 100, "a", ZAddParams.zAddParams().nx())).isZero();
            assertThat(jedis.zadd("z", 100, "e", ZAddParams.zAddParams().xx())).isZero();
            assertThat(jedis.zadd("z", 1, "a", ZAddParams.zAddParams().gt().ch())).isZero();
            assertThat(jedis.zadd("z", 50, "a", ZAddParams.zAddParams().gt().ch())).isEqualTo(1);
            assertThat(jedis.zadd("z", 60, "a", ZAddParams.zAddParams().lt().ch())).isZero();
            assertThat(raw("ZADD", "z", "INCR", "1.5", "a")).isEqualTo(SafeEncoder.encode("51.5"));
            assertThat(raw("ZADD", "z", "INCR", "NX", "1", "a")).isNull();
            assertThat(jedis.zincrby("z", 0.5, "a")).isEqualTo(52.0);
            assertThat(jedis.zscore("z", "a")).isEqualTo(52.0);
            assertThat(jedis.zrange("z", 0, -1)).containsExactly("b", "c", "d", "a");
            assertThat(error("ZADD", "z", "NX", "XX", "1", "a"))
                    .isEqualTo("ERR XX and NX options at the same time are not compatible");
            assertThat(error("ZADD", "z", "GT", "LT", "1", "a"))
                    .isEqualTo("ERR GT, LT, and/or NX options at the same time are not compatible");
            assertThat(error("ZADD", "z", "INCR", "1", "a", "2", "b"))
                    .isEqualTo("ERR INCR option supports a single increment-element pair");
            assertThat(error("ZADD", "z", "nan", "a")).isEqualTo("ERR value is not a valid float");
            assertThat(error("ZADD", "z", "1", "a", "2")).isEqualTo("ERR syntax error");
            assertThat(error("ZINCRBY", "z", "x", "a")).isEqualTo("ERR value is not a valid float");
            jedis.zadd("z", Double.POSITIVE_INFINITY, "a");
            assertThat(error("ZINCRBY", "z", "-inf", "a")).isEqualTo("ERR resulting score is not a number (NaN)");
        }
    }

    @Test
    void scoresPrintAsRedisPrintsThem() {
        raw("ZADD", "z", "0.1", "a", "1e17", "b", "-inf", "c", "3", "d", "1e-5", "e");
        assertThat(jedis.zscore("z", "a")).isEqualTo(0.1);
        assertThat(strings("ZRANGE", "z", "0", "-1", "WITHSCORES")).containsExactly(
                "c", "-inf", "e", "1.0000000000000001e-05", "a", "0.10000000000000001", "d", "3", "b", "1e+17");
        assertThat(strings("ZMSCORE", "z", "a", "missing", "d")).containsExactly("0.10000000000000001", null, "3");
        assertThat(jedis.zscore("z", "missing")).isNull();
        assertThat(jedis.zcard("z")).isEqualTo(5);
        assertThat(jedis.zcard("missing")).isZero();
    }

    @Test
    void removeAndCount() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
        assertThat(jedis.zrem("z", "a", "missing")).isEqualTo(1);
        assertThat(jedis.zcount("z", "(2", "+inf")).isEqualTo(2);
        assertThat(jedis.zcount("z", "-inf", "2")).isEqualTo(1);
        jedis.zadd("lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0));
        assertThat(jedis.zlexcount("lex", "(a", "+")).isEqualTo(2);
        assertThat(error("ZCOUNT", "z", "x", "1")).isEqualTo("ERR min or max is not a float");
        assertThat(error("ZLEXCOUNT", "lex", "a", "b")).isEqualTo("ERR min or max not valid string range item");
        assertThat(jedis.zrem("z", "b", "c", "d")).isEqualTo(3);
        assertThat(jedis.exists("z")).isFalse();
    }

    @Test
    void ranksOnBothEncodings() {
        for (boolean large : new boolean[] {false, true}) {
            jedis.flushAll();
            if (large) {
                skiplist();
            }
            jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 2.0, "d", 3.0));
            assertThat(jedis.zrank("z", "c")).isEqualTo(2);
            assertThat(jedis.zrevrank("z", "c")).isEqualTo(1);
            assertThat(jedis.zrank("z", "missing")).isNull();
            assertThat(jedis.zrange("z", -2, -1)).containsExactly("c", "d");
            assertThat(jedis.zrevrange("z", 0, 1)).containsExactly("d", "c");
            assertThat(strings("ZRANGE", "z", "0", "-1", "REV")).containsExactly("d", "c", "b", "a");
            List<Tuple> withScores = jedis.zrangeWithScores("z", 0, 0);
            assertThat(withScores).containsExactly(new Tuple("a", 1.0));
        }
    }

    @Test
    void scoreAndLexRanges() {
        for (boolean large : new boolean[] {false, true}) {
            jedis.flushAll();
            if (large) {
                skiplist();
            }
            jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0));
            assertThat(jedis.zrangeByScore("z", "(1", "4")).containsExactly("b", "c", "d");
            assertThat(jedis.zrangeByScore("z", "-inf", "+inf", 1, 2)).containsExactly("b", "c");
            assertThat(jedis.zrevrangeByScore("z", "+inf", "(3")).containsExactly("e", "d");
            assertThat(strings("ZRANGE", "z", "(1", "4", "BYSCORE", "LIMIT", "1", "1")).containsExactly("c");
            assertThat(strings("ZRANGE", "z", "4", "(1", "BYSCORE", "REV")).containsExactly("d", "c", "b");
            assertThat(strings("ZRANGEBYSCORE", "z", "2", "3", "WITHSCORES")).containsExactly("b", "2", "c", "3");
            jedis.zadd("lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0));
            assertThat(jedis.zrangeByLex("lex", "[b", "(d")).containsExactly("b", "c");
            assertThat(jedis.zrevrangeByLex("lex", "+", "-", 1, 2)).containsExactly("c", "b");
            assertThat(strings("ZRANGE", "lex", "-", "[b", "BYLEX")).containsExactly("a", "b");
            assertThat(error("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"))
                    .isEqualTo("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            assertThat(error("ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"))
                    .isEqualTo("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
    }

    @Test
    void removeRanges() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0, "f", 6.0));
        assertThat(jedis.zremrangeByRank("z", 0, 0)).isEqualTo(1);
        assertThat(jedis.zremrangeByScore("z", "(2", "3")).isEqualTo(1);
        jedis.zadd("lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0));
        assertThat(jedis.zremrangeByLex("lex", "[a", "(c")).isEqualTo(2);
        assertThat(jedis.zrange("z", 0, -1)).containsExactly("b", "d", "e", "f");
        assertThat(jedis.zrange("lex", 0, -1)).containsExactly("c");
        assertThat(jedis.zremrangeByRank("z", 0, -1)).isEqualTo(4);
        assertThat(jedis.exists("z")).isFalse();
    }

    @Test
    void popsAndMpop() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
        assertThat(jedis.zpopmin("z")).isEqualTo(new Tuple("a", 1.0));
        assertThat(jedis.zpopmax("z", 2)).containsExactly(new Tuple("d", 4.0), new Tuple("c", 3.0));
        List<?> popped = (List<?>) raw("ZMPOP", "2", "missing", "z", "MIN", "COUNT", "5");
        assertThat(SafeEncoder.encode((byte[]) popped.get(0))).isEqualTo("z");
        assertThat((List<?>) popped.get(1)).hasSize(1);
        assertThat(jedis.exists("z")).isFalse();
        assertThat(raw("ZMPOP", "1", "z", "MAX")).isNull();
        assertThat(error("ZPOPMIN", "z", "-1")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(error("ZMPOP", "0", "z", "MIN")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error("ZMPOP", "1", "z", "MIN", "COUNT", "0")).isEqualTo("ERR count should be greater than 0");
    }

    @Test
    void randomMembers() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertThat(jedis.zrandmember("z")).isIn("a", "b", "c");
        assertThat(new HashSet<>(jedis.zrandmember("z", 2))).hasSize(2).isSubsetOf("a", "b", "c");
        assertThat(jedis.zrandmember("z", 10)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(jedis.zrandmember("z", -7)).hasSize(7);
        assertThat(jedis.zrandmemberWithScores("z", 3)).containsExactlyInAnyOrder(
                new Tuple("a", 1.0), new Tuple("b", 2.0), new Tuple("c", 3.0));
        assertThat(jedis.zrandmember("missing")).isNull();
        assertThat(error("ZRANDMEMBER", "z", "1", "foo")).isEqualTo("ERR syntax error");
    }

    @Test
    void unionInterDiffAndStores() {
        jedis.zadd("a", Map.of("x", 1.0, "y", 2.0, "z", 3.0));
        jedis.zadd("b", Map.of("y", 10.0, "z", 20.0, "w", 30.0));
        assertThat(jedis.zunion(new ZParams(), "a", "b")).containsExactly("x", "y", "z", "w");
        assertThat(jedis.zunionWithScores(new ZParams().weights(2, 1).aggregate(ZParams.Aggregate.MAX), "a", "b"))
                .containsExactly(new Tuple("x", 2.0), new Tuple("y", 10.0), new Tuple("z", 20.0),
                        new Tuple("w", 30.0));
        assertThat(jedis.zinterWithScores(new ZParams(), "a", "b"))
                .containsExactly(new Tuple("y", 12.0), new Tuple("z", 23.0));
        assertThat(jedis.zdiff("a", "b")).containsExactly("x");
        assertThat(jedis.zunionstore("u", "a", "b")).isEqualTo(4);
        assertThat(jedis.zinterstore("i", new ZParams().aggregate(ZParams.Aggregate.MIN), "a", "b")).isEqualTo(2);
        assertThat(jedis.zdiffstore("d", "a", "b")).isEqualTo(1);
        assertThat(jedis.zrangeWithScores("i", 0, -1)).containsExactly(new Tuple("y", 2.0), new Tuple("z", 3.0));
        assertThat(jedis.zintercard("a", "b")).isEqualTo(2);
        assertThat(jedis.zintercard(1, "a", "b")).isEqualTo(1);
        assertThat(error("ZUNIONSTORE", "d", "0", "a"))
                .isEqualTo("ERR at least 1 input key is needed for 'zunionstore' command");
        assertThat(error("ZINTER", "1", "a", "WEIGHTS", "x")).isEqualTo("ERR weight value is not a float");
        assertThat(jedis.zrangestore("r", "a", redis.clients.jedis.params.ZRangeParams.zrangeParams(0, 1)))
                .isEqualTo(2);
        assertThat(jedis.zrange("r", 0, -1)).containsExactly("x", "y");
    }

    @Test
    void plainSetsAreInputsWithScoreOne() {
        jedis.sadd("s", "a", "b", "c");
        String[] many = new String[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = "m" + i;
        }
        jedis.sadd("big", many);
        jedis.zadd("z", Map.of("a", 2.0, "d", 5.0, "m7", 0.5));
        assertThat(jedis.zunionWithScores(new ZParams(), "s", "z"))
                .containsExactly(new Tuple("m7", 0.5), new Tuple("b", 1.0), new Tuple("c", 1.0), new Tuple("a", 3.0),
                        new Tuple("d", 5.0));
        assertThat(jedis.zinterWithScores(new ZParams().weights(4, 1).aggregate(ZParams.Aggregate.MAX), "s", "z"))
                .containsExactly(new Tuple("a", 4.0));
        assertThat(jedis.zdiffWithScores("s", "z")).containsExactly(new Tuple("b", 1.0), new Tuple("c", 1.0));
        assertThat(jedis.zintercard("big", "z")).isEqualTo(1);
        assertThat(jedis.zinterWithScores(new ZParams(), "big", "z")).containsExactly(new Tuple("m7", 1.5));
        assertThat(jedis.zunionstore("u", "big", "s")).isEqualTo(203);
        assertThat(jedis.type("u")).isEqualTo("zset");
        assertThat(jedis.zscore("u", "m199")).isEqualTo(1.0);
        assertThat(jedis.zinterstore("i", "s", "z")).isEqualTo(1);
        assertThat(jedis.zdiffstore("d", "big", "z")).isEqualTo(199);
        assertThat(jedis.zinterstore("s", "s", "s")).isEqualTo(3);
        assertThat(jedis.type("s")).isEqualTo("zset");
        assertThat(jedis.zrangeWithScores("s", 0, -1))
                .containsExactly(new Tuple("a", 2.0), new Tuple("b", 2.0), new Tuple("c", 2.0));
        jedis.set("str", "v");
        assertThat(error("ZUNION", "2", "big", "str")).startsWith("WRONGTYPE");
        assertThat(jedis.exists("str")).isTrue();
    }

    @Test
    void zscanVisitsEveryMemberOfALargeSet() {
        skiplist();
        Map<String, Double> members = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            members.put("m" + i, (double) i);
        }
        jedis.zadd("z", members);
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Tuple> page = jedis.zscan("z", cursor, new ScanParams().count(50));
            page.getResult().forEach(t -> {
                seen.add(t.getElement());
                assertThat(t.getScore()).isEqualTo(members.get(t.getElement()));
            });
            cursor = page.getCursor();
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(members.keySet());
        ScanResult<Tuple> matched = jedis.zscan("z", "0", new ScanParams().match("m99*").count(10000));
        assertThat(matched.getResult()).extracting(Tuple::getElement)
                .containsExactlyInAnyOrder("m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996", "m997",
                        "m998", "m999");
    }

    @Test
    void largeSetsKeepRedisOrderThroughChanges() {
        jedis.configSet("zset-max-listpack-entries", "16");
        for (int i = 0; i < 300; i++) {
            jedis.zadd("z", i % 7, "m" + i);
        }
        assertThat(jedis.objectEncoding("z")).isEqualTo("skiplist");
        List<Tuple> all = jedis.zrangeWithScores("z", 0, -1);
        assertThat(all).hasSize(300);
        for (int i = 1; i < all.size(); i++) {
            Tuple prev = all.get(i - 1);
            Tuple cur = all.get(i);
            assertThat(prev.getScore() < cur.getScore() || (prev.getScore() == cur.getScore()
                    && prev.getElement().compareTo(cur.getElement()) < 0)).isTrue();
            assertThat(jedis.zrank("z", cur.getElement())).isEqualTo(i);
        }
        for (int i = 0; i < 300; i += 3) {
            jedis.zincrby("z", 0.5, "m" + i);
        }
        assertThat(jedis.zcount("z", "(0", "1")).isEqualTo(jedis.zrangeByScore("z", "(0", "1").size());
    }

    @Test
    void concurrentWritersLoseNoUpdate() throws Exception {
        int threads = 4;
        int perThread = 60;
        runWriters(threads, (id, own) -> {
            for (int i = 0; i < perThread; i++) {
                own.zadd("z", i, "t" + id + "-" + i);
                own.zincrby("z", 1, "shared");
                if (i % 10 == 9) {
                    own.zrem("z", "t" + id + "-" + (i - 9));
                }
            }
        });
        assertThat(jedis.zscore("z", "shared")).isEqualTo((double) threads * perThread);
        assertThat(jedis.zcard("z")).isEqualTo(threads * (perThread - perThread / 10) + 1);
    }

    @Test
    void concurrentMovesAmongEqualScoresKeepTheOrder() throws Exception {
        // A skiplist set with few scores: most moves land among members of equal score.
        Map<String, Double> start = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            start.put("m" + i, (double) (i % 5));
        }
        jedis.zadd("z", start);
        runWriters(4, (id, own) -> {
            java.util.Random random = new java.util.Random(id);
            var pipeline = own.pipelined();
            for (int i = 0; i < 3000; i++) {
                String member = "m" + random.nextInt(450);
                int op = random.nextInt(10);
                if (op < 7) {
                    pipeline.zadd("z", random.nextInt(5), member);
                } else if (op < 9) {
                    pipeline.zincrby("z", random.nextBoolean() ? 1 : -1, member);
                } else {
                    pipeline.zrem("z", member);
                }
            }
            pipeline.sync();
        });
        List<Tuple> all = jedis.zrangeWithScores("z", 0, -1);
        assertThat((long) all.size()).isEqualTo(jedis.zcard("z"));
        for (int i = 1; i < all.size(); i++) {
            Tuple prev = all.get(i - 1);
            Tuple cur = all.get(i);
            assertThat(prev.getScore() < cur.getScore() || (prev.getScore() == cur.getScore()
                    && Arrays.compareUnsigned(prev.getBinaryElement(), cur.getBinaryElement()) < 0))
                    .as("%s before %s", prev, cur).isTrue();
        }
        for (int i = 0; i < all.size(); i += 7) {
            assertThat(jedis.zrank("z", all.get(i).getElement())).isEqualTo(i);
        }
    }

    /** Runs {@code body} on {@code threads} threads at once, each with its own connection; fails on any error. */
    private void runWriters(int threads, Writer body) throws InterruptedException {
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Jedis own = server.jedis();
            writers.add(new Thread(() -> {
                try {
                    body.write(id, own);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        assertThat(failures).isEmpty();
    }

    private interface Writer {
        void write(int id, Jedis own);
    }
}
