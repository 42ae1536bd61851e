package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;

/** BLPOP and friends with two or more clients: wake-up, timeouts, fairness, pipelines, disconnects, chains. */
class BlockingListIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private Jedis pusher;

    @BeforeEach
    void connect() {
        pusher = server.emptyJedis();
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    private long blocked() {
        String info = pusher.info("clients");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Long.parseLong(line.substring("blocked_clients:".length()));
            }
        }
        throw new AssertionError("no blocked_clients in " + info);
    }

    /** Polls INFO until {@code n} clients are blocked (a condition, not a fixed sleep). */
    private void awaitBlocked(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blocked() != n) {
            assertThat(System.nanoTime()).as("waiting for %d blocked clients", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private <T> Future<T> async(java.util.concurrent.Callable<T> call) {
        return CLIENTS.submit(call);
    }

    /** {@code BLMOVE src dst LEFT RIGHT 0} on another thread: the element moved, or the error's text. */
    private Future<Object> blmoveOrError(Jedis client) {
        return async(() -> {
            try {
                return client.blmove("src", "dst", ListDirection.LEFT, ListDirection.RIGHT, 0);
            } catch (JedisDataException e) {
                return e.getMessage();
            }
        });
    }

    @Test
    void blpopWakesOnAPushFromAnotherClient() throws Exception {
        Jedis waiter = server.jedis();
        Future<List<String>> popped = async(() -> waiter.blpop(0, "a", "b"));
        awaitBlocked(1);
        pusher.rpush("b", "x", "y");
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("b", "x");
        assertThat(pusher.lrange("b", 0, -1)).containsExactly("y");
        assertThat(blocked()).isZero();
    }

    @Test
    void brpopTimesOutWithANullArray() throws Exception {
        Jedis waiter = server.jedis();
        long start = System.nanoTime();
        assertThat(waiter.brpop(0.2, "none")).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        assertThat(waiter.ping()).isEqualTo("PONG");
        assertThat(Raw.error(waiter, "BLPOP", "k", "-1")).isEqualTo("ERR timeout is negative");
        assertThat(Raw.error(waiter, "BLPOP", "k", "x")).isEqualTo("ERR timeout is not a float or out of range");
    }

    @Test
    void theFirstBlockedIsServedFirst() throws Exception {
        List<Future<List<String>>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Jedis waiter = server.jedis();
            waiters.add(async(() -> waiter.blpop(0, "q")));
            awaitBlocked(i + 1);
        }
        pusher.rpush("q", "1", "2");
        assertThat(waiters.get(0).get(10, TimeUnit.SECONDS)).containsExactly("q", "1");
        assertThat(waiters.get(1).get(10, TimeUnit.SECONDS)).containsExactly("q", "2");
        assertThat(blocked()).isEqualTo(1);
        pusher.rpush("q", "3");
        assertThat(waiters.get(2).get(10, TimeUnit.SECONDS)).containsExactly("q", "3");
        assertThat(pusher.exists("q")).isFalse();
    }

    @Test
    void aPushInsideAPipelineWakesTheWaiter() throws Exception {
        Jedis waiter = server.jedis();
        Future<List<String>> popped = async(() -> waiter.brpop(0, "p"));
        awaitBlocked(1);
        Pipeline pipeline = pusher.pipelined();
        pipeline.set("before", "1");
        pipeline.rpush("p", "one", "two");
        pipeline.llen("p");
        List<Object> replies = pipeline.syncAndReturnAll();
        assertThat(replies).containsExactly("OK", 2L, 1L);
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("p", "two");
    }

    @Test
    void aBlockedClientRunsItsPipelinedCommandsOnlyAfterItsReply() throws Exception {
        try (RawClient waiter = new RawClient(server.port())) {
            waiter.send("BLPOP w 0\r\nLLEN w\r\nRPUSH after x\r\n");
            awaitBlocked(1);
            assertThat(pusher.exists("after")).isFalse();
            pusher.rpush("w", "a", "b");
            String expected = "*2\r\n$1\r\nw\r\n$1\r\na\r\n:1\r\n:1\r\n";
            assertThat(waiter.readBytes(expected.length())).isEqualTo(expected);
        }
        assertThat(pusher.lrange("after", 0, -1)).containsExactly("x");
    }

    @Test
    void aDisconnectedWaiterIsForgotten() throws Exception {
        Jedis waiter = server.jedis();
        Future<List<String>> popped = async(() -> waiter.blpop(0, "d"));
        awaitBlocked(1);
        waiter.disconnect();
        awaitBlocked(0);
        pusher.rpush("d", "kept");
        assertThat(pusher.lrange("d", 0, -1)).containsExactly("kept");
        assertThat(popped).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void clientKillOfABlockedClient() throws Exception {
        Jedis waiter = server.jedis();
        long id = waiter.clientId();
        Future<List<String>> popped = async(() -> waiter.blpop(0, "k"));
        awaitBlocked(1);
        assertThat(pusher.clientList()).contains("id=" + id + " ").containsPattern("id=" + id + " .*flags=b");
        assertThat(Raw.send(pusher, "CLIENT", "KILL", "ID", Long.toString(id))).isEqualTo(1L);
        awaitBlocked(0);
        assertThat(popped).failsWithin(Duration.ofSeconds(10));
        pusher.rpush("k", "v");
        assertThat(pusher.llen("k")).isEqualTo(1);
    }

    @Test
    void blmoveChainsFromOneWaiterToTheNext() throws Exception {
        Jedis first = server.jedis();
        Jedis second = server.jedis();
        Future<String> moved = async(() -> first.blmove("a", "b", ListDirection.LEFT, ListDirection.RIGHT, 0));
        awaitBlocked(1);
        Future<String> movedAgain = async(() -> second.brpoplpush("b", "c", 0));
        awaitBlocked(2);
        pusher.lpush("a", "token");
        assertThat(moved.get(10, TimeUnit.SECONDS)).isEqualTo("token");
        assertThat(movedAgain.get(10, TimeUnit.SECONDS)).isEqualTo("token");
        assertThat(pusher.exists("a", "b")).isZero();
        assertThat(pusher.lrange("c", 0, -1)).containsExactly("token");
    }

    @Test
    void aWaiterWakesOnLmoveRpoplpushAndRenameIntoItsKey() throws Exception {
        Jedis waiter = server.jedis();
        pusher.rpush("src", "1", "2");
        Future<List<String>> first = async(() -> waiter.blpop(0, "target"));
        awaitBlocked(1);
        pusher.lmove("src", "target", ListDirection.LEFT, ListDirection.LEFT);
        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("target", "1");
        Future<List<String>> second = async(() -> waiter.blpop(0, "target"));
        awaitBlocked(1);
        pusher.rename("src", "target");
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly("target", "2");
    }

    @Test
    void blmpopTakesACountAndSwapdbAndFlushAreSane() throws Exception {
        Jedis waiter = server.jedis();
        Future<Object> popped = async(() -> Raw.send(waiter, "BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "2"));
        awaitBlocked(1);
        pusher.flushDB();
        assertThat(blocked()).isEqualTo(1);
        pusher.select(1);
        pusher.rpush("y", "1", "2", "3");
        pusher.swapDB(0, 1);
        assertThat(popped.get(10, TimeUnit.SECONDS)).isEqualTo(List.of("y", List.of("3", "2")));
        pusher.select(0);
        assertThat(pusher.lrange("y", 0, -1)).containsExactly("1");
    }

    @Test
    void aWaiterStaysBlockedWhenItsKeyBecomesAnotherType() throws Exception {
        Jedis waiter = server.jedis();
        Future<List<String>> popped = async(() -> waiter.blpop(0, "t"));
        awaitBlocked(1);
        pusher.set("t", "string");
        assertThat(blocked()).isEqualTo(1);
        pusher.del("t");
        pusher.rpush("t", "v");
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("t", "v");
    }

    /** As Redis: a BLMOVE woken while its destination holds another type answers WRONGTYPE and moves nothing. */
    @Test
    void aBlmoveWhoseDestinationIsAnotherTypeAnswersWrongtypeWhenWoken() throws Exception {
        Jedis waiter = server.jedis();
        pusher.set("dst", "string");
        Future<Object> moved = blmoveOrError(waiter);
        awaitBlocked(1);
        pusher.lpush("src", "a");
        assertThat(moved.get(10, TimeUnit.SECONDS)).isEqualTo(WRONGTYPE);
        assertThat(blocked()).isZero();
        assertThat(pusher.lrange("src", 0, -1)).containsExactly("a");
        assertThat(pusher.get("dst")).isEqualTo("string");
    }

    /** A BLMOVE whose source becomes another type keeps waiting; after one waiter's WRONGTYPE the next is served. */
    @Test
    void aBlmoveWaitsOnASourceOfAnotherTypeAndTheNextWaiterIsServedAfterAWrongtype() throws Exception {
        Jedis first = server.jedis();
        Jedis second = server.jedis();
        pusher.set("dst", "string");
        Future<Object> refused = blmoveOrError(first);
        awaitBlocked(1);
        Future<String> served = async(() -> second.blmove("src", "ok", ListDirection.LEFT, ListDirection.RIGHT, 0));
        awaitBlocked(2);
        pusher.set("src", "not a list");
        assertThat(blocked()).isEqualTo(2);
        pusher.del("src");
        pusher.lpush("src", "a");
        assertThat(refused.get(10, TimeUnit.SECONDS)).isEqualTo(WRONGTYPE);
        assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(pusher.exists("src")).isFalse();
        assertThat(pusher.lrange("ok", 0, -1)).containsExactly("a");
    }

    @Test
    void resp3TimeoutIsNull() throws Exception {
        Jedis waiter = server.jedis();
        Raw.send(waiter, "HELLO", "3");
        assertThat(Raw.send(waiter, "BLPOP", "none", "0.05")).isNull();
        assertThat(Raw.send(waiter, "BLMOVE", "none", "x", "LEFT", "LEFT", "0.05")).isNull();
        assertThat(Raw.send(waiter, "BLMPOP", "0.05", "1", "none", "LEFT")).isNull();
    }

    @Test
    void servedBlockingPopsPropagateAsPlainPops() throws Exception {
        List<String> propagated = new CopyOnWriteArrayList<>();
        server.server().keyspace().writes().addPropagationListener((db, argv) -> {
            List<String> words = new ArrayList<>();
            for (byte[] arg : argv) {
                words.add(new String(arg, StandardCharsets.UTF_8));
            }
            if (words.size() > 1 && words.get(1).startsWith("prop")) {
                propagated.add(String.join(" ", words));
            }
        });
        Jedis waiter = server.jedis();
        Future<List<String>> popped = async(() -> waiter.brpop(0, "prop1"));
        awaitBlocked(1);
        pusher.rpush("prop1", "a", "b");
        popped.get(10, TimeUnit.SECONDS);
        waiter.blpop(0, "prop1");
        Future<String> moved = async(() -> waiter.blmove("prop2", "prop3", ListDirection.RIGHT, ListDirection.LEFT, 0));
        awaitBlocked(1);
        pusher.rpush("prop2", "c");
        moved.get(10, TimeUnit.SECONDS);
        assertThat(propagated).containsExactly("RPUSH prop1 a b", "RPOP prop1", "LPOP prop1", "RPUSH prop2 c",
                "LMOVE prop2 prop3 RIGHT LEFT");
    }

    @Test
    void blockingCommandsThatNeedNotBlock() {
        pusher.rpush("a", "1", "2");
        assertThat(pusher.blpop(0, "none", "a")).containsExactly("a", "1");
        assertThat(pusher.brpoplpush("a", "b", 0)).isEqualTo("2");
        assertThat(pusher.blmove("b", "c", ListDirection.LEFT, ListDirection.LEFT, 0)).isEqualTo("2");
        assertThat(Raw.send(pusher, "BLMPOP", "0", "1", "c", "LEFT")).isEqualTo(List.of("c", List.of("2")));
        assertThat(Raw.send(pusher, "COMMAND", "INFO", "blpop").toString()).contains("blocking");
    }
}
