package io.sealedkv.engine.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Pub/sub with real clients: channels, patterns, counts, RESP3 pushes and the slow-subscriber limit. */
class PubSubIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void subscribersOfTheChannelAndOfMatchingPatternsReceiveTheMessage() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(2);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add("message " + channel + " " + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add("pmessage " + pattern + " " + channel + " " + message);
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
                subscribe("news");
            }
        };
        Thread subscriber = new Thread(() -> {
            try (Jedis jedis = server.jedis()) {
                jedis.psubscribe(listener, "n*");
            }
        });
        subscriber.start();
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        Jedis publisher = server.jedis();
        assertThat(publisher.pubsubNumPat()).isEqualTo(1);
        assertThat(publisher.pubsubChannels()).containsExactly("news");
        assertThat(publisher.pubsubNumSub("news", "other")).containsEntry("news", 1L).containsEntry("other", 0L);

        assertThat(publisher.publish("news", "hello")).isEqualTo(2);
        assertThat(publisher.publish("nothing-here", "x")).isEqualTo(1);
        assertThat(publisher.publish("other", "x")).isZero();

        List<String> got = List.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS),
                received.poll(10, TimeUnit.SECONDS));
        assertThat(got).containsExactlyInAnyOrder("message news hello", "pmessage n* news hello",
                "pmessage n* nothing-here x");
        listener.unsubscribe();
        listener.punsubscribe();
        subscriber.join(10_000);
        assertThat(subscriber.isAlive()).isFalse();
        Eventually.until(Duration.ofSeconds(10), () -> publisher.pubsubNumPat() == 0);
        assertThat(publisher.pubsubChannels()).isEmpty();
    }

    @Test
    void aResp2SubscriberMayRunOnlyPubSubCommandsAndPingAnswersAsAnArray() throws IOException {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("SUBSCRIBE a b a\r\nPING\r\nGET x\r\nUNSUBSCRIBE x\r\nUNSUBSCRIBE\r\nGET x\r\n");
            assertThat(raw.read().text()).isEqualTo(
                    "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
                    + "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"
                    + "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n"
                    + "*2\r\n$4\r\npong\r\n$0\r\n\r\n"
                    + "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                    + "allowed in this context\r\n"
                    + "*3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:2\r\n"
                    + "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n"
                    + "*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:0\r\n"
                    + "$-1\r\n");
        }
    }

    @Test
    void resp3DeliversPushesAndKeepsOrdinaryCommandsWorking() throws IOException {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HELLO 3\r\n");
            raw.read();
            raw.send("SUBSCRIBE chan\r\nPUBLISH chan hi\r\nPING\r\n");
            assertThat(raw.read().text()).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$4\r\nchan\r\n:1\r\n"
                    + ">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$2\r\nhi\r\n:1\r\n+PONG\r\n");
            server.jedis().publish("chan", "from another");
            assertThat(raw.read().text()).isEqualTo(">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$12\r\nfrom another\r\n");
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedAndEveryoneElseCarriesOn() throws Exception {
        Jedis admin = server.jedis();
        admin.configSet("client-output-buffer-limit", "pubsub 1mb 0 0");
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setReceiveBufferSize(4096);
            slow.getOutputStream().write("SUBSCRIBE firehose\r\n".getBytes());
            Eventually.until(Duration.ofSeconds(10), () -> admin.pubsubNumSub("firehose").get("firehose") == 1);
            String payload = "x".repeat(64 * 1024);
            long delivered = 0;
            for (int i = 0; i < 2000 && admin.pubsubNumSub("firehose").get("firehose") == 1; i++) {
                delivered += admin.publish("firehose", payload);
            }
            assertThat(admin.pubsubNumSub("firehose").get("firehose")).isZero();
            assertThat(delivered * payload.length()).isLessThan(2000L * payload.length());
            assertThat(admin.ping()).isEqualTo("PONG");
        } finally {
            admin.configSet("client-output-buffer-limit", "pubsub 32mb 8mb 60");
        }
        assertThat(admin.configGet("client-output-buffer-limit"))
                .containsEntry("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }

    @Test
    void resetAndDisconnectDropSubscriptions() throws IOException {
        Jedis admin = server.jedis();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("PSUBSCRIBE p*\r\nRESET\r\n");
            assertThat(raw.read().text()).endsWith("+RESET\r\n");
            assertThat(admin.pubsubNumPat()).isZero();
            raw.send("SUBSCRIBE gone\r\n");
            raw.read();
            assertThat(admin.clientList()).contains("flags=P").contains("sub=1");
        }
        Eventually.until(Duration.ofSeconds(10), () -> admin.pubsubChannels().isEmpty());
    }

    @Test
    void shardCountsAreEmptyWithoutShardSubscribersAndHelpListsTheSubcommands() throws IOException {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("PUBSUB SHARDCHANNELS\r\nPUBSUB SHARDNUMSUB a\r\nPUBSUB HELP\r\n");
            String text = raw.read().text();
            assertThat(text).startsWith("*0\r\n*2\r\n$1\r\na\r\n:0\r\n*14\r\n")
                    .contains("SHARDNUMSUB [<shardchannel> ...]");
        }
    }
    /**
     * As in Redis, a message published before the subscriber sent a command reaches it before that command's
     * reply (a round trip on the subscriber's connection is a barrier for what was published before it):
     * the message used to be handed to the subscriber's event loop, which could answer the PING first.
     */
    @Test
    void aMessagePublishedBeforeASubscribersCommandComesBeforeItsReply() throws Exception {
        try (RawClient subscriber = new RawClient(server.port()); RawClient publisher = new RawClient(server.port())) {
            String subscribed = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
            assertThat(subscriber.send("SUBSCRIBE ch\r\n").readBytes(subscribed.length())).isEqualTo(subscribed);
            String pong = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
            for (int i = 0; i < 300; i++) {
                String message = "m" + i;
                assertThat(publisher.send("PUBLISH ch " + message + "\r\n").readBytes(4)).isEqualTo(":1\r\n");
                String expected = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$" + message.length() + "\r\n" + message
                        + "\r\n" + pong;
                assertThat(subscriber.send("PING\r\n").readBytes(expected.length())).as("try %d", i)
                        .isEqualTo(expected);
            }
        }
    }
}
