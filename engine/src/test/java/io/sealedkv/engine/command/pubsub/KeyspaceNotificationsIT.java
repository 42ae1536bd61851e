package io.sealedkv.engine.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Keyspace notifications that the differential corpus cannot show: expiry by the active cycle (no
 * client touches the key), eviction under maxmemory, and a RESP3 connection that receives the
 * notifications of its own writes in order among its replies. The names and order of every command's
 * events are compared with Redis by NotificationDifferentialIT.
 */
class KeyspaceNotificationsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @AfterEach
    void switchOff() {
        Jedis jedis = server.jedis();
        jedis.configSet("notify-keyspace-events", "");
        jedis.configSet("maxmemory", "0");
        jedis.configSet("maxmemory-policy", "noeviction");
    }

    @Test
    void theActiveExpiryCycleSendsExpiredWithoutAnyClientTouchingTheKey() throws Exception {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("notify-keyspace-events", "Ex");
        try (Subscriber subscriber = Subscriber.of(server, "__keyevent@0__:expired")) {
            jedis.psetex("short-lived", 30, "v");
            assertThat(subscriber.next()).isEqualTo("__keyevent@0__:expired short-lived");
        }
        assertThat(server.server().keyspace().stats().expiredKeys()).isPositive();
    }

    @Test
    void evictionUnderMaxmemorySendsEvicted() throws Exception {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("notify-keyspace-events", "Ee");
        for (int i = 0; i < 200; i++) {
            jedis.set("key:" + i, "x".repeat(100));
        }
        try (Subscriber subscriber = Subscriber.of(server, "__keyevent@0__:evicted")) {
            jedis.configSet("maxmemory-policy", "allkeys-random");
            jedis.configSet("maxmemory", String.valueOf(server.server().keyspace().usedMemory() / 2 + (1 << 20)));
            jedis.set("one-more", "x");
            String evicted = subscriber.next();
            assertThat(evicted).startsWith("__keyevent@0__:evicted key:");
            assertThat(jedis.exists(evicted.substring(evicted.indexOf(' ') + 1))).isFalse();
        }
    }

    @Test
    void aResp3ConnectionGetsTheNotificationsOfItsOwnWritesBeforeTheirReplies() throws Exception {
        server.emptyJedis().configSet("notify-keyspace-events", "KEA");
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HELLO 3\r\n");
            raw.read();
            raw.send("SUBSCRIBE __keyevent@0__:set __keyevent@0__:del\r\n");
            raw.read();
            raw.send("GET k\r\nSET k v\r\nDEL k\r\nPING\r\n");
            assertThat(raw.read().text()).isEqualTo("_\r\n"
                    + ">3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n+OK\r\n"
                    + ">3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:del\r\n$1\r\nk\r\n:1\r\n"
                    + "+PONG\r\n");
        }
    }

    @Test
    void nothingIsSentWhileNotifyKeyspaceEventsIsEmpty() throws Exception {
        Jedis jedis = server.emptyJedis();
        try (Subscriber subscriber = Subscriber.of(server, "__key*__:*", "fence")) {
            jedis.set("a", "1");
            jedis.lpush("l", "x");
            jedis.del("a");
            jedis.publish("fence", "done");
            assertThat(subscriber.next()).isEqualTo("fence done");
        }
    }

    /** A Jedis subscriber on its own thread, its messages as "channel message". */
    private static final class Subscriber implements AutoCloseable {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final JedisPubSub listener;
        private final Thread thread;

        private Subscriber(ServerExtension server, String... patterns) throws InterruptedException {
            CountDownLatch ready = new CountDownLatch(patterns.length);
            listener = new JedisPubSub() {
                @Override
                public void onPMessage(String pattern, String channel, String message) {
                    received.add(channel + " " + message);
                }

                @Override
                public void onPSubscribe(String pattern, int count) {
                    ready.countDown();
                }
            };
            Jedis jedis = server.jedis();
            thread = new Thread(() -> jedis.psubscribe(listener, patterns));
            thread.start();
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        }

        static Subscriber of(ServerExtension server, String... patterns) throws InterruptedException {
            return new Subscriber(server, patterns);
        }

        String next() throws InterruptedException {
            String message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        @Override
        public void close() throws InterruptedException {
            listener.punsubscribe();
            thread.join(10_000);
        }
    }
}
