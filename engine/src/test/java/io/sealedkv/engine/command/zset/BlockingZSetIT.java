package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;
import redis.clients.jedis.util.SafeEncoder;

/** BZPOPMIN, BZPOPMAX and BZMPOP with two or more clients: wake-up, timeouts, order of waiters, MULTI. */
class BlockingZSetIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();
    private Jedis writer;

    @BeforeEach
    void connect() {
        writer = server.emptyJedis();
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    private long blocked() {
        for (String line : writer.info("clients").split("\r\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Long.parseLong(line.substring("blocked_clients:".length()));
            }
        }
        throw new AssertionError("no blocked_clients");
    }

    /** Polls INFO until {@code n} clients are blocked (a condition, not a fixed sleep). */
    private void awaitBlocked(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blocked() != n) {
            assertThat(System.nanoTime()).as("waiting for %d blocked clients", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static <T> Future<T> async(Callable<T> call) {
        return CLIENTS.submit(call);
    }

    private static Object send(Jedis jedis, String... argv) {
        return text(jedis.sendCommand(() -> SafeEncoder.encode(argv[0]), Arrays.copyOfRange(argv, 1, argv.length)));
    }

    private static String error(Jedis jedis, String... argv) {
        JedisDataException error = catchThrowableOfType(JedisDataException.class, () -> send(jedis, argv));
        assertThat(error).as("error reply for %s", String.join(" ", argv)).isNotNull();
        return error.getMessage();
    }

    private static Object text(Object reply) {
        if (reply instanceof byte[] bulk) {
            return new String(bulk, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(text(item)));
            return out;
        }
        return reply;
    }

    @Test
    void bzpopminWakesOnAZaddFromAnotherClient() throws Exception {
        Jedis waiter = server.jedis();
        Future<KeyValue<String, Tuple>> popped = async(() -> waiter.bzpopmin(0, "a", "b"));
        awaitBlocked(1);
        writer.zadd("b", 2, "two");
        writer.zadd("b", 1, "one");
        KeyValue<String, Tuple> got = popped.get(10, TimeUnit.SECONDS);
        assertThat(got.getKey()).isEqualTo("b");
        assertThat(got.getValue()).isEqualTo(new Tuple("two", 2.0));
        assertThat(writer.zrangeWithScores("b", 0, -1)).containsExactly(new Tuple("one", 1.0));
        assertThat(blocked()).isZero();
    }

    @Test
    void bzpopmaxWakesWithTheHighestOfAMultiMemberZadd() throws Exception {
        Jedis waiter = server.jedis();
        Future<Object> popped = async(() -> send(waiter, "BZPOPMAX", "m", "0"));
        awaitBlocked(1);
        writer.zadd("m", java.util.Map.of("x", 1.0, "y", 3.0, "z", 2.0));
        assertThat(popped.get(10, TimeUnit.SECONDS)).isEqualTo(List.of("m", "y", "3"));
        assertThat(writer.zcard("m")).isEqualTo(2);
    }

    @Test
    void bzmpopWakesWithUpToCountMembers() throws Exception {
        Jedis waiter = server.jedis();
        Future<KeyValue<String, List<Tuple>>> popped = async(() -> waiter.bzmpop(0, SortedSetOption.MAX, 5, "n", "o"));
        awaitBlocked(1);
        writer.zadd("o", java.util.Map.of("p", 1.0, "q", 2.5));
        KeyValue<String, List<Tuple>> got = popped.get(10, TimeUnit.SECONDS);
        assertThat(got.getKey()).isEqualTo("o");
        assertThat(got.getValue()).containsExactly(new Tuple("q", 2.5), new Tuple("p", 1.0));
        assertThat(writer.exists("o")).isFalse();
    }

    @Test
    void timeoutsAnswerNullAndBadTimeoutsAreRejected() throws Exception {
        Jedis waiter = server.jedis();
        long start = System.nanoTime();
        assertThat(waiter.bzpopmin(0.2, "none")).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        assertThat(waiter.bzpopmax(0.05, "none")).isNull();
        assertThat(waiter.bzmpop(0.05, SortedSetOption.MIN, "none")).isNull();
        assertThat(waiter.ping()).isEqualTo("PONG");
        assertThat(error(waiter, "BZPOPMIN", "k", "-1")).isEqualTo("ERR timeout is negative");
        assertThat(error(waiter, "BZPOPMAX", "k", "x")).isEqualTo("ERR timeout is not a float or out of range");
        assertThat(error(waiter, "BZMPOP", "x", "1", "k", "MIN")).isEqualTo("ERR timeout is not a float or out of range");
        assertThat(error(waiter, "BZMPOP", "0", "0", "k", "MIN")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error(waiter, "BZMPOP", "0", "1", "k", "MIN", "COUNT", "0"))
                .isEqualTo("ERR count should be greater than 0");
        assertThat(error(waiter, "BZMPOP", "0", "2", "k", "MIN")).isEqualTo("ERR syntax error");
        assertThat(error(waiter, "BZMPOP", "0", "1", "k", "LEFT")).isEqualTo("ERR syntax error");
        assertThat(error(waiter, "BZPOPMIN", "k")).isEqualTo("ERR wrong number of arguments for 'bzpopmin' command");
        writer.set("s", "v");
        assertThat(error(waiter, "BZPOPMIN", "none", "s", "0")).startsWith("WRONGTYPE");
        assertThat(error(waiter, "BZMPOP", "0", "2", "none", "s", "MAX")).startsWith("WRONGTYPE");
    }

    @Test
    void resp3RepliesAndTimeout() throws Exception {
        Jedis waiter = server.jedis();
        send(waiter, "HELLO", "3");
        writer.zadd("r", java.util.Map.of("a", 1.5, "b", 2.0));
        assertThat(send(waiter, "BZPOPMIN", "r", "0")).isEqualTo(List.of("r", "a", 1.5));
        assertThat(send(waiter, "BZMPOP", "0", "1", "r", "MIN")).isEqualTo(List.of("r", List.of(List.of("b", 2.0))));
        assertThat(send(waiter, "BZPOPMIN", "none", "0.05")).isNull();
        assertThat(send(waiter, "BZMPOP", "0.05", "1", "none", "MAX")).isNull();
    }

    @Test
    void theFirstBlockedIsServedFirst() throws Exception {
        List<Future<KeyValue<String, Tuple>>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Jedis waiter = server.jedis();
            waiters.add(async(() -> waiter.bzpopmin(0, "q")));
            awaitBlocked(i + 1);
        }
        writer.zadd("q", java.util.Map.of("m1", 1.0, "m2", 2.0));
        assertThat(waiters.get(0).get(10, TimeUnit.SECONDS).getValue()).isEqualTo(new Tuple("m1", 1.0));
        assertThat(waiters.get(1).get(10, TimeUnit.SECONDS).getValue()).isEqualTo(new Tuple("m2", 2.0));
        assertThat(blocked()).isEqualTo(1);
        writer.zadd("q", 3, "m3");
        assertThat(waiters.get(2).get(10, TimeUnit.SECONDS).getValue()).isEqualTo(new Tuple("m3", 3.0));
        assertThat(writer.exists("q")).isFalse();
    }

    @Test
    void aWaiterStaysBlockedWhileItsKeyHoldsAnotherType() throws Exception {
        Jedis waiter = server.jedis();
        Future<KeyValue<String, Tuple>> popped = async(() -> waiter.bzpopmax(0, "t"));
        awaitBlocked(1);
        writer.rpush("t", "list");
        assertThat(blocked()).isEqualTo(1);
        writer.del("t");
        writer.zadd("t", 7, "v");
        assertThat(popped.get(10, TimeUnit.SECONDS).getValue()).isEqualTo(new Tuple("v", 7.0));
    }

    @Test
    void insideMultiTheyDoNotBlockAndAnswerAsOnATimeout() {
        writer.zadd("z", 1, "a");
        Transaction multi = writer.multi();
        multi.bzpopmin(0, "none");
        multi.bzpopmax(0, "none");
        multi.bzmpop(0, SortedSetOption.MIN, "none");
        multi.bzpopmin(0, "z");
        List<Object> replies = multi.exec();
        assertThat(replies).hasSize(4);
        assertThat(replies.subList(0, 3)).containsOnlyNulls();
        assertThat(replies.get(3).toString()).contains("a");
        assertThat(writer.exists("z")).isFalse();
        assertThat(blocked()).isZero();
    }

    @Test
    void immediatePops() {
        writer.zadd("i", java.util.Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertThat(send(writer, "BZPOPMIN", "none", "i", "0")).isEqualTo(List.of("i", "a", "1"));
        assertThat(send(writer, "BZPOPMAX", "i", "0")).isEqualTo(List.of("i", "c", "3"));
        assertThat(send(writer, "BZMPOP", "0", "2", "none", "i", "MIN", "COUNT", "9"))
                .isEqualTo(List.of("i", List.of(List.of("b", "2"))));
        assertThat(writer.exists("i")).isFalse();
    }

    @Test
    void propagatedAsZpopminZpopmaxAsRedisDoes() throws Exception {
        List<String> propagated = new CopyOnWriteArrayList<>();
        server.server().keyspace().writes().addPropagationListener((db, argv) -> {
            List<String> words = new ArrayList<>();
            for (byte[] arg : argv) {
                words.add(new String(arg, StandardCharsets.UTF_8));
            }
            if (words.size() > 1 && words.get(1).startsWith("prop") && !words.get(0).equals("ZADD")) {
                propagated.add(String.join(" ", words));
            }
        });
        Jedis waiter = server.jedis();
        writer.zadd("prop1", java.util.Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        waiter.bzpopmin(0, "prop1");
        waiter.bzmpop(0, SortedSetOption.MAX, 5, "prop1");
        Future<KeyValue<String, Tuple>> one = async(() -> waiter.bzpopmax(0, "prop2"));
        awaitBlocked(1);
        writer.zadd("prop2", 1, "x");
        one.get(10, TimeUnit.SECONDS);
        Future<KeyValue<String, List<Tuple>>> many = async(() -> waiter.bzmpop(0, SortedSetOption.MIN, 10, "prop3"));
        awaitBlocked(1);
        writer.zadd("prop3", java.util.Map.of("y", 1.0, "z", 2.0));
        many.get(10, TimeUnit.SECONDS);
        assertThat(propagated).containsExactly("ZPOPMIN prop1", "ZPOPMAX prop1 5", "ZPOPMAX prop2",
                "ZPOPMIN prop3 2");
    }
}
