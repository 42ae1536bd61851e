package io.sealedkv.engine.command.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** MULTI / EXEC / DISCARD / WATCH / UNWATCH over real connections, with two clients where it matters. */
class TransactionIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @Test
    void multiQueuesAndExecRunsEverythingInOrder() {
        Transaction multi = jedis.multi();
        Response<String> set = multi.set("k", "1");
        Response<Long> incr = multi.incr("k");
        Response<String> get = multi.get("k");
        List<Object> replies = multi.exec();
        assertThat(replies).hasSize(3);
        assertThat(set.get()).isEqualTo("OK");
        assertThat(incr.get()).isEqualTo(2);
        assertThat(get.get()).isEqualTo("2");
    }

    @Test
    void aRuntimeErrorDoesNotAbortTheOtherCommands() {
        jedis.set("s", "text");
        Transaction multi = jedis.multi();
        multi.incr("s");
        multi.set("after", "yes");
        List<Object> replies = multi.exec();
        assertThat(replies.get(0)).isInstanceOf(JedisDataException.class);
        assertThat(((JedisDataException) replies.get(0)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(jedis.get("after")).isEqualTo("yes");
    }

    @Test
    void anErrorWhileQueueingAbortsExec() {
        jedis.sendCommand(() -> "MULTI".getBytes());
        assertThatThrownBy(() -> jedis.sendCommand(() -> "NOSUCHCOMMAND".getBytes(), "x"))
                .hasMessageStartingWith("ERR unknown command 'NOSUCHCOMMAND'");
        assertThat(jedis.sendCommand(() -> "SET".getBytes(), "k", "v")).isEqualTo("QUEUED".getBytes());
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXEC".getBytes()))
                .hasMessage("EXECABORT Transaction discarded because of previous errors.");
        assertThat(jedis.exists("k")).isFalse();
    }

    @Test
    void discardDropsTheQueueAndNestingIsRefused() {
        Transaction multi = jedis.multi();
        multi.set("k", "v");
        assertThat(multi.discard()).isEqualTo("OK");
        assertThat(jedis.exists("k")).isFalse();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXEC".getBytes())).hasMessage("ERR EXEC without MULTI");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "DISCARD".getBytes())).hasMessage("ERR DISCARD without MULTI");
        jedis.sendCommand(() -> "MULTI".getBytes());
        assertThatThrownBy(() -> jedis.sendCommand(() -> "MULTI".getBytes())).hasMessage("ERR MULTI calls can not be nested");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "WATCH".getBytes(), "k"))
                .hasMessage("ERR WATCH inside MULTI is not allowed");
        assertThat(jedis.sendCommand(() -> "DISCARD".getBytes())).isEqualTo("OK".getBytes());
    }

    @Test
    void aWatchedKeyWrittenByAnotherClientMakesExecFail() {
        jedis.set("balance", "10");
        jedis.watch("balance");
        try (Jedis other = server.jedis()) {
            other.incr("balance");
        }
        Transaction multi = jedis.multi();
        multi.set("balance", "0");
        assertThat(multi.exec()).isNull();
        assertThat(jedis.get("balance")).isEqualTo("11");
    }

    @Test
    void untouchedWatchedKeysLetExecRunAndExecUnwatches() {
        jedis.watch("a", "b");
        Transaction multi = jedis.multi();
        multi.set("a", "1");
        assertThat(multi.exec()).containsExactly("OK");
        try (Jedis other = server.jedis()) {
            other.set("a", "2");
        }
        Transaction again = jedis.multi();
        again.set("b", "1");
        assertThat(again.exec()).containsExactly("OK");
    }

    @Test
    void unwatchForgetsTheKeys() {
        jedis.watch("k");
        jedis.set("k", "changed by me");
        jedis.unwatch();
        Transaction multi = jedis.multi();
        multi.get("k");
        assertThat(multi.exec()).containsExactly("changed by me");
    }

    @Test
    void expiryFlushAndSwapOfAWatchedKeyInvalidateTheTransaction() throws InterruptedException {
        jedis.psetex("e", 1000, "v");
        jedis.watch("e");
        TimeUnit.MILLISECONDS.sleep(1100);
        assertThat(runSetIn(jedis)).isNull();

        jedis.set("f", "v");
        jedis.watch("f");
        try (Jedis other = server.jedis()) {
            other.flushDB();
        }
        assertThat(runSetIn(jedis)).isNull();

        jedis.watch("g");
        try (Jedis other = server.jedis()) {
            other.select(1);
            other.set("g", "v");
            other.swapDB(0, 1);
        }
        assertThat(runSetIn(jedis)).isNull();
    }

    /** As Redis: an LTRIM that keeps every element still touches the list for WATCH (and nothing is propagated). */
    @Test
    void anLtrimKeepingEveryElementAbortsATransactionWatchingTheList() {
        jedis.rpush("l", "a", "b");
        jedis.watch("l");
        try (Jedis other = server.jedis()) {
            assertThat(other.ltrim("l", 0, -1)).isEqualTo("OK");
        }
        assertThat(runSetIn(jedis)).isNull();
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b");
    }

    /** As Redis 7.0: a flush or swap aborts only the transactions watching a key that existed, or comes in. */
    @Test
    void flushAndSwapLeaveTransactionsWatchingKeysThatExistOnNeitherSide() {
        jedis.set("other", "v");
        try (Jedis other = server.jedis()) {
            jedis.watch("absent");
            other.flushDB();
            assertThat(runSetIn(jedis)).containsExactly("OK");
            jedis.watch("absent");
            other.flushAll();
            assertThat(runSetIn(jedis)).containsExactly("OK");
            jedis.watch("absent");
            other.swapDB(0, 1);
            assertThat(runSetIn(jedis)).containsExactly("OK");
        }
    }

    private static List<Object> runSetIn(Jedis jedis) {
        Transaction multi = jedis.multi();
        multi.set("x", "y");
        return multi.exec();
    }

    @Test
    void nothingFromOtherClientsInterleavesWithExec() throws Exception {
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> writer = pool.submit(() -> {
                try (Jedis other = server.jedis()) {
                    start.await();
                    for (int i = 0; i < rounds * 5; i++) {
                        other.set("pair:a", "other");
                        other.set("pair:b", "other");
                    }
                }
                return null;
            });
            Future<?> transactions = pool.submit(() -> {
                try (Jedis mine = server.jedis()) {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        Transaction multi = mine.multi();
                        multi.set("pair:a", "mine" + i);
                        multi.set("pair:b", "mine" + i);
                        Response<List<String>> both = multi.mget("pair:a", "pair:b");
                        multi.exec();
                        assertThat(both.get()).containsExactly("mine" + i, "mine" + i);
                    }
                }
                return null;
            });
            start.countDown();
            transactions.get(60, TimeUnit.SECONDS);
            writer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void watchRaceBetweenTwoClientsLetsExactlyOneIncrementWin() throws Exception {
        jedis.set("counter", "0");
        int clients = 2;
        int attemptsEach = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> wins = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                wins.add(pool.submit(() -> optimisticIncrements(attemptsEach)));
            }
            int total = 0;
            for (Future<Integer> won : wins) {
                total += won.get(60, TimeUnit.SECONDS);
            }
            assertThat(jedis.get("counter")).isEqualTo(Integer.toString(total));
            assertThat(total).isEqualTo(clients * attemptsEach);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Increments with WATCH/GET/MULTI/SET/EXEC, retrying lost races; returns how many succeeded. */
    private static int optimisticIncrements(int count) {
        int done = 0;
        try (Jedis client = server.jedis()) {
            while (done < count) {
                client.watch("counter");
                int value = Integer.parseInt(client.get("counter"));
                Transaction multi = client.multi();
                multi.set("counter", Integer.toString(value + 1));
                if (multi.exec() != null) {
                    done++;
                }
            }
        }
        return done;
    }

    @Test
    void clientListShowsTheTransactionAndResetEndsIt() {
        jedis.sendCommand(() -> "MULTI".getBytes());
        jedis.sendCommand(() -> "SET".getBytes(), "k", "v");
        try (Jedis other = server.jedis()) {
            assertThat(other.clientList()).contains("flags=x").contains("multi=1");
        }
        assertThat(jedis.sendCommand(() -> "RESET".getBytes())).isEqualTo("RESET".getBytes());
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXEC".getBytes())).hasMessage("ERR EXEC without MULTI");
        assertThat(jedis.exists("k")).isFalse();
    }

    @Test
    void blockingCommandsInsideExecDoNotBlockAndWaitersAreServedAfterTheTransaction() throws Exception {
        Transaction empty = jedis.multi();
        Response<java.util.List<String>> popped = empty.blpop(5, "nothing");
        empty.exec();
        assertThat(popped.get()).isNull();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Jedis waiter = server.jedis()) {
            Future<java.util.List<String>> blocked = pool.submit(() -> waiter.blpop(10, "queue"));
            io.sealedkv.engine.testing.Eventually.until(java.time.Duration.ofSeconds(10),
                    () -> jedis.info("clients").contains("blocked_clients:1"));
            Transaction multi = jedis.multi();
            multi.rpush("queue", "job");
            Response<Long> length = multi.llen("queue");
            multi.exec();
            assertThat(length.get()).isEqualTo(1);
            assertThat(blocked.get(10, TimeUnit.SECONDS)).containsExactly("queue", "job");
        } finally {
            pool.shutdownNow();
        }
    }
}
