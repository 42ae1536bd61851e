package io.sealedkv.engine.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Sharded pub/sub (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH) as Redis 7.0.15 answers it outside cluster mode; every
 * expected reply below was read from redis-server over a socket. Shard channels are a namespace of their own:
 * their subscriptions are counted apart from channels and patterns, and only SPUBLISH reaches them.
 */
class ShardedPubSubIT {
    private static final String ONLY_PUBSUB = "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE"
            + " / PING / QUIT / RESET are allowed in this context\r\n";
    private static final String NO_CHANNEL =
            "-NOPERM this user has no permissions to access one of the channels used as arguments\r\n";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void shardSubscriptionsAreCountedApartFromChannelsAndPatterns() throws IOException {
        try (RawClient subscriber = new RawClient(server.port())) {
            expect(subscriber, "SSUBSCRIBE s1 s2 s1",
                    confirm("ssubscribe", "s1", 1) + confirm("ssubscribe", "s2", 2) + confirm("ssubscribe", "s1", 2));
            expect(subscriber, "SUBSCRIBE c1", confirm("subscribe", "c1", 1));
            expect(subscriber, "PSUBSCRIBE p*", confirm("psubscribe", "p*", 2));
            expect(subscriber, "SSUBSCRIBE s3", confirm("ssubscribe", "s3", 3));
            expect(subscriber, "UNSUBSCRIBE", confirm("unsubscribe", "c1", 1));
            expect(subscriber, "PUNSUBSCRIBE", confirm("punsubscribe", "p*", 0));
            expect(subscriber, "GET x", ONLY_PUBSUB); // shard subscriptions alone keep the subscribed context
            expect(subscriber, "SUNSUBSCRIBE s1 zz",
                    confirm("sunsubscribe", "s1", 2) + confirm("sunsubscribe", "zz", 2));
        }
    }

    @Test
    void spublishReachesOnlyShardSubscribersAndPublishNeverDoes() throws IOException {
        try (RawClient subscriber = new RawClient(server.port()); RawClient publisher = new RawClient(server.port())) {
            expect(subscriber, "SSUBSCRIBE s1", confirm("ssubscribe", "s1", 1));
            expect(subscriber, "PSUBSCRIBE s*", confirm("psubscribe", "s*", 1));
            expect(subscriber, "SUBSCRIBE s1", confirm("subscribe", "s1", 2));
            expect(publisher, "SPUBLISH s1 hi", ":1\r\n"); // no pattern matches a shard channel
            receive(subscriber, message("smessage", "s1", "hi"));
            expect(publisher, "PUBLISH s1 ho", ":2\r\n");
            receive(subscriber, message("message", "s1", "ho")
                    + "*4\r\n$8\r\npmessage\r\n$2\r\ns*\r\n$2\r\ns1\r\n$2\r\nho\r\n");
            expect(publisher, "SPUBLISH nobody x", ":0\r\n");
            expect(publisher, "SPUBLISH s1 \"\"", ":1\r\n");
            receive(subscriber, message("smessage", "s1", ""));
        }
    }

    @Test
    void aResp2ShardSubscriberPingsAnArrayAndLeavesTheContextWhenItsLastShardChannelGoes() throws IOException {
        try (RawClient subscriber = new RawClient(server.port())) {
            expect(subscriber, "SSUBSCRIBE a b", confirm("ssubscribe", "a", 1) + confirm("ssubscribe", "b", 2));
            expect(subscriber, "GET x", ONLY_PUBSUB);
            expect(subscriber, "PING", "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            expect(subscriber, "PING hi", "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
            expect(subscriber, "UNSUBSCRIBE", "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
            expect(subscriber, "GET x", ONLY_PUBSUB);
            expect(subscriber, "SUNSUBSCRIBE",
                    confirm("sunsubscribe", "a", 1) + confirm("sunsubscribe", "b", 0));
            expect(subscriber, "SUNSUBSCRIBE", "*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n");
            expect(subscriber, "GET x", "$-1\r\n");
            expect(subscriber, "PING", "+PONG\r\n");
        }
    }

    @Test
    void resp3ShardSubscriptionsArePushesAndOrdinaryCommandsKeepWorking() throws IOException {
        try (RawClient subscriber = new RawClient(server.port()); RawClient publisher = new RawClient(server.port())) {
            subscriber.send("HELLO 3\r\n").read();
            expect(subscriber, "SSUBSCRIBE s1 s2", ">3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n"
                    + ">3\r\n$10\r\nssubscribe\r\n$2\r\ns2\r\n:2\r\n");
            expect(subscriber, "GET x", "_\r\n");
            expect(publisher, "SPUBLISH s1 m", ":1\r\n");
            receive(subscriber, ">3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$1\r\nm\r\n");
            // its own message keeps its place before the reply
            expect(subscriber, "SPUBLISH s2 own", ">3\r\n$8\r\nsmessage\r\n$2\r\ns2\r\n$3\r\nown\r\n:1\r\n");
            expect(subscriber, "SUNSUBSCRIBE", ">3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:1\r\n"
                    + ">3\r\n$12\r\nsunsubscribe\r\n$2\r\ns2\r\n:0\r\n");
            expect(subscriber, "SUNSUBSCRIBE", ">3\r\n$12\r\nsunsubscribe\r\n_\r\n:0\r\n");
        }
    }

    @Test
    void pubsubShardCommandsInfoAndClientListAnswerFromTheSubscriptions() throws IOException {
        Jedis admin = server.jedis();
        try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port())) {
            expect(first, "SSUBSCRIBE s1 s2 t1",
                    confirm("ssubscribe", "s1", 1) + confirm("ssubscribe", "s2", 2) + confirm("ssubscribe", "t1", 3));
            expect(second, "SSUBSCRIBE s1", confirm("ssubscribe", "s1", 1));
            expect(second, "SUBSCRIBE s2", confirm("subscribe", "s2", 1));
            Eventually.until(Duration.ofSeconds(10), () -> admin.info("stats").contains(
                    "pubsub_channels:1\r\npubsub_patterns:0\r\npubsubshard_channels:3\r\n"));
            assertThat(ask("PUBSUB SHARDNUMSUB s1 s2 t1 nope")).isEqualTo(
                    "*8\r\n$2\r\ns1\r\n:2\r\n$2\r\ns2\r\n:1\r\n$2\r\nt1\r\n:1\r\n$4\r\nnope\r\n:0\r\n");
            assertThat(ask("PUBSUB SHARDCHANNELS s*")).startsWith("*2\r\n").contains("$2\r\ns1\r\n")
                    .contains("$2\r\ns2\r\n");
            assertThat(ask("PUBSUB SHARDCHANNELS t*")).isEqualTo("*1\r\n$2\r\nt1\r\n");
            assertThat(ask("PUBSUB SHARDNUMSUB")).isEqualTo("*0\r\n");
            assertThat(ask("PUBSUB NUMSUB s1 s2")).isEqualTo("*4\r\n$2\r\ns1\r\n:0\r\n$2\r\ns2\r\n:1\r\n");
            assertThat(admin.clientList()).contains("flags=P db=0 sub=0 psub=0 ssub=3 multi=-1")
                    .contains("flags=P db=0 sub=1 psub=0 ssub=1 multi=-1");
        }
    }

    @Test
    void resetQuitCloseAndClientKillTypePubsubDropShardSubscriptions() throws IOException {
        try (RawClient resetting = new RawClient(server.port()); RawClient killed = new RawClient(server.port())) {
            expect(resetting, "SSUBSCRIBE r", confirm("ssubscribe", "r", 1));
            expect(resetting, "RESET", "+RESET\r\n");
            assertThat(ask("PUBSUB SHARDNUMSUB r")).isEqualTo("*2\r\n$1\r\nr\r\n:0\r\n");
            expect(resetting, "GET x", "$-1\r\n");

            expect(killed, "SSUBSCRIBE k", confirm("ssubscribe", "k", 1));
            Eventually.until(Duration.ofSeconds(10), () -> ask("CLIENT LIST TYPE pubsub").split("id=").length == 2);
            assertThat(ask("CLIENT LIST TYPE pubsub")).contains("flags=P db=0 sub=0 psub=0 ssub=1 multi=-1")
                    .contains("cmd=ssubscribe");
            assertThat(ask("CLIENT LIST TYPE normal")).contains("cmd=client|list").doesNotContain("flags=P");
            assertThat(ask("CLIENT KILL TYPE pubsub")).isEqualTo(":1\r\n");
            assertThat(killed.read().closed()).isTrue();
            Eventually.until(Duration.ofSeconds(10), () -> ask("PUBSUB SHARDNUMSUB k").endsWith(":0\r\n"));
        }
        try (RawClient quitting = new RawClient(server.port()); RawClient closing = new RawClient(server.port())) {
            expect(quitting, "SSUBSCRIBE q", confirm("ssubscribe", "q", 1));
            expect(closing, "SSUBSCRIBE q", confirm("ssubscribe", "q", 1));
            expect(quitting, "QUIT", "+OK\r\n");
        }
        Eventually.until(Duration.ofSeconds(10), () -> ask("PUBSUB SHARDNUMSUB q").endsWith(":0\r\n"));
    }

    /** Redis refuses SSUBSCRIBE to a client that expects one reply per command, as EXEC's is; SUBSCRIBE runs. */
    @Test
    void ssubscribeInsideMultiFailsAtExecWhileSunsubscribeAndSpublishRun() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            expect(client, "MULTI", "+OK\r\n");
            expect(client, "SSUBSCRIBE s9", "+QUEUED\r\n");
            expect(client, "EXEC", "*1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
            expect(client, "MULTI", "+OK\r\n");
            expect(client, "SPUBLISH q x", "+QUEUED\r\n");
            expect(client, "SUNSUBSCRIBE q", "+QUEUED\r\n");
            expect(client, "EXEC", "*2\r\n:0\r\n*3\r\n$12\r\nsunsubscribe\r\n$1\r\nq\r\n:0\r\n");
            expect(client, "GET x", "$-1\r\n");
        }
    }

    @Test
    void confirmationsAreSentEvenWithRepliesOffOrSkipped() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send("CLIENT REPLY OFF\r\n"); // silent: the next expected reply would show anything it sent
            expect(client, "SSUBSCRIBE z1", confirm("ssubscribe", "z1", 1));
            expect(client, "SUNSUBSCRIBE z1", confirm("sunsubscribe", "z1", 0));
            expect(client, "CLIENT REPLY ON", "+OK\r\n");
            client.send("CLIENT REPLY SKIP\r\n");
            expect(client, "SSUBSCRIBE z1", confirm("ssubscribe", "z1", 1));
            expect(client, "PING", "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        }
    }

    /** SPUBLISH, like PUBLISH, is not a write but may replicate in Redis 7.0: CLIENT PAUSE WRITE holds it. */
    @Test
    void aWritePauseHoldsSpublishButNotSsubscribe() throws IOException {
        try (RawClient publisher = new RawClient(server.port()); RawClient subscriber = new RawClient(server.port())) {
            assertThat(ask("CLIENT PAUSE 60000 WRITE")).isEqualTo("+OK\r\n");
            try {
                assertThat(publisher.send("SPUBLISH paused x\r\n").read().text()).isEmpty();
                expect(subscriber, "SSUBSCRIBE paused", confirm("ssubscribe", "paused", 1));
            } finally {
                assertThat(ask("CLIENT UNPAUSE")).isEqualTo("+OK\r\n");
            }
            receive(publisher, ":1\r\n");
            receive(subscriber, message("smessage", "paused", "x"));
        }
    }

    /** Shard channels are checked against the user's channel patterns (&), never against its key patterns. */
    @Test
    void aclChannelPermissionsApplyToShardChannels() throws IOException {
        Jedis admin = server.jedis();
        admin.aclSetUser("shard", "on", "nopass", "+@all", "resetkeys", "%R~k*", "resetchannels", "&ch*");
        admin.aclLogReset();
        assertThat(ask("ACL DRYRUN shard spublish x m"))
                .isEqualTo("$54\r\nThis user has no permissions to access the 'x' channel\r\n");
        assertThat(ask("ACL DRYRUN shard ssubscribe ch1 x"))
                .isEqualTo("$54\r\nThis user has no permissions to access the 'x' channel\r\n");
        assertThat(ask("ACL DRYRUN shard spublish ch1 m")).isEqualTo("+OK\r\n");
        assertThat(ask("ACL DRYRUN shard sunsubscribe x")).as("SUNSUBSCRIBE is not checked").isEqualTo("+OK\r\n");
        try (RawClient user = new RawClient(server.port())) {
            expect(user, "AUTH shard x", "+OK\r\n");
            expect(user, "SPUBLISH other x", NO_CHANNEL);
            expect(user, "SPUBLISH ch1 x", ":0\r\n"); // the key pattern does not apply
            expect(user, "SSUBSCRIBE ch1 other", NO_CHANNEL);
            expect(user, "SSUBSCRIBE ch1", confirm("ssubscribe", "ch1", 1));
            expect(user, "SPUBLISH other x", NO_CHANNEL); // permissions are checked before the subscribed context
            expect(user, "SUNSUBSCRIBE other", confirm("sunsubscribe", "other", 1));
        }
        assertThat(ask("ACL LOG 1")).contains("$7\r\nchannel\r\n").contains("$6\r\nobject\r\n$5\r\nother\r\n")
                .contains("cmd=spublish");
        admin.aclDelUser("shard");
    }

    /**
     * As Redis 7.0: ACL SETUSER that takes channels back closes the user's connections subscribed to one no
     * longer granted (a channel or shard channel no pattern matches, a pattern not granted literally).
     */
    @Test
    void takingAChannelBackDisconnectsItsSubscribers() throws IOException {
        Jedis admin = server.jedis();
        admin.aclSetUser("revoked", "on", "nopass", "+@all", "~*", "allchannels");
        try (RawClient shard = new RawClient(server.port()); RawClient channel = new RawClient(server.port());
             RawClient pattern = new RawClient(server.port()); RawClient kept = new RawClient(server.port())) {
            for (RawClient client : List.of(shard, channel, pattern, kept)) {
                expect(client, "AUTH revoked x", "+OK\r\n");
            }
            expect(shard, "SSUBSCRIBE foo", confirm("ssubscribe", "foo", 1));
            expect(channel, "SUBSCRIBE bar", confirm("subscribe", "bar", 1));
            expect(pattern, "PSUBSCRIBE f*", confirm("psubscribe", "f*", 1));
            expect(kept, "SSUBSCRIBE keep1", confirm("ssubscribe", "keep1", 1));

            admin.aclSetUser("revoked", "resetchannels", "&keep*", "&f*");
            assertThat(channel.read().closed()).isTrue();
            admin.aclSetUser("revoked", "&more");
            admin.aclSetUser("revoked", "resetchannels", "&fo*", "&keep*");
            assertThat(pattern.read().closed()).isTrue();
            admin.aclSetUser("revoked", "resetchannels", "&fo*");
            assertThat(kept.read().closed()).isTrue();
            expect(shard, "PING", "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        }
        admin.aclDelUser("revoked");
    }

    /**
     * As Redis 7.0: a subscription made as one user survives AUTH as another that lacks its channel, and a later
     * SUBSCRIBE to a channel the new user has keeps the connection (SUBSCRIBE checks only its own channels again
     * after subscribing, against an ACL SETUSER racing it: review-21 F4).
     */
    @Test
    void subscribingAfterAuthAsAnotherUserKeepsEarlierChannels() throws IOException {
        Jedis admin = server.jedis();
        admin.aclSetUser("holds-x", "on", "nopass", "+@all", "resetchannels", "&x");
        admin.aclSetUser("holds-y", "on", "nopass", "+@all", "resetchannels", "&y");
        try (RawClient client = new RawClient(server.port())) {
            client.send("HELLO 3 AUTH holds-x p\r\n").read();
            expect(client, "SUBSCRIBE x", ">3\r\n" + bulk("subscribe") + bulk("x") + ":1\r\n");
            expect(client, "AUTH holds-y p", "+OK\r\n");
            expect(client, "SUBSCRIBE y", ">3\r\n" + bulk("subscribe") + bulk("y") + ":2\r\n");
            expect(client, "PING", "+PONG\r\n");
        }
        admin.aclDelUser("holds-x");
        admin.aclDelUser("holds-y");
    }

    /**
     * ACL SETUSER of a user that ACL DELUSER removes meanwhile: the rules were applied, so the reply is OK,
     * not an internal error from looking the user up again after the change.
     */
    @Test
    void setuserRacingDeluserOfItsUserRepliesOk() throws Exception {
        int perRound = 400;
        String set = "ACL SETUSER racer resetchannels &*\r\nACL SETUSER racer resetchannels &x\r\n";
        String deleteAndCreate = "ACL DELUSER racer\r\nACL SETUSER racer\r\n";
        try (RawClient setter = new RawClient(server.port()); RawClient deleter = new RawClient(server.port())) {
            for (int round = 0; round < 5; round++) {
                Thread racing = new Thread(() -> {
                    try {
                        deleter.send(deleteAndCreate.repeat(perRound)).readBytes(perRound * (":1\r\n+OK\r\n".length()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                racing.start();
                String replies = setter.send(set.repeat(perRound)).readBytes(2 * perRound * "+OK\r\n".length());
                racing.join();
                assertThat(replies).isEqualTo("+OK\r\n".repeat(2 * perRound));
            }
        }
        server.jedis().aclDelUser("racer");
    }

    /**
     * A message published while a subscriber leaves its channel comes before the unsubscribe confirmation or
     * not at all, as in Redis: after it, a RESP2 client back out of the subscribed context reads it as the
     * reply to its next command.
     */
    @Test
    void noMessageFollowsTheUnsubscribeConfirmation() throws Exception {
        String[] tokens = {message("smessage", "ch", "x"), confirm("ssubscribe", "ch", 1),
            confirm("sunsubscribe", "ch", 0), "$-1\r\n"};
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            try (RawClient client = new RawClient(server.port())) {
                while (publishing.get()) {
                    client.send("SPUBLISH ch x\r\n".repeat(100)).readBytes(":1\r\n".length() * 100);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        publisher.start();
        int rounds = 1000;
        int late = 0;
        try (Socket subscriber = new Socket("127.0.0.1", server.port())) {
            subscriber.setSoTimeout(10_000);
            subscriber.getOutputStream().write("SSUBSCRIBE ch\r\nSUNSUBSCRIBE ch\r\nGET never-set\r\n".repeat(rounds)
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = subscriber.getInputStream();
            StringBuilder received = new StringBuilder();
            boolean subscribed = false;
            for (int replies = 0; replies < rounds; ) {
                int token = nextToken(received, tokens);
                if (token < 0) {
                    byte[] buffer = new byte[65536];
                    int n = in.read(buffer);
                    assertThat(n).isPositive();
                    received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                } else if (token == 0) {
                    late += subscribed ? 0 : 1;
                } else if (token == 3) {
                    replies++;
                } else {
                    subscribed = token == 1;
                }
            }
        } finally {
            publishing.set(false);
            publisher.join();
        }
        assertThat(late).as("messages after the unsubscribe confirmation").isZero();
    }

    /** Takes the first of {@code tokens} off the front of {@code received}: its index, or -1 while none is whole. */
    private static int nextToken(StringBuilder received, String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (received.length() >= tokens[i].length() && received.substring(0, tokens[i].length()).equals(tokens[i])) {
                received.delete(0, tokens[i].length());
                return i;
            }
        }
        return -1;
    }

    @Test
    void shardChannelsAreNotKeys() throws IOException {
        for (String command : new String[] {"COMMAND GETKEYS spublish s m", "COMMAND GETKEYS ssubscribe a b",
                "COMMAND GETKEYS sunsubscribe a b", "COMMAND GETKEYSANDFLAGS spublish s m"}) {
            assertThat(ask(command)).isEqualTo("-ERR The command has no key arguments\r\n");
        }
        assertThat(ask("COMMAND INFO spublish"))
                .startsWith("*1\r\n*10\r\n$8\r\nspublish\r\n:3\r\n*4\r\n+pubsub\r\n+loading\r\n+stale\r\n+fast\r\n"
                        + ":1\r\n:1\r\n:1\r\n")
                .contains("*1\r\n+not_key\r\n");
    }

    /** A RESP2 connection whose only subscriptions are shard channels still receives tracking redirects. */
    @Test
    void aShardSubscriberReceivesTheInvalidationsRedirectedToIt() throws IOException {
        Jedis writer = server.emptyJedis();
        try (RawClient subscriber = new RawClient(server.port()); RawClient tracked = new RawClient(server.port())) {
            String id = subscriber.send("CLIENT ID\r\n").read().text().substring(1).trim();
            expect(subscriber, "SSUBSCRIBE x", confirm("ssubscribe", "x", 1));
            expect(tracked, "CLIENT TRACKING on REDIRECT " + id, "+OK\r\n");
            expect(tracked, "GET k", "$-1\r\n");
            writer.set("k", "v");
            receive(subscriber, "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
        }
    }

    /** Sends {@code command} and reads as many bytes as {@code reply} has: a longer or other answer fails later. */
    private static void expect(RawClient client, String command, String reply) throws IOException {
        client.send(command + "\r\n");
        receive(client, reply);
    }

    private static void receive(RawClient client, String expected) throws IOException {
        assertThat(client.readBytes(expected.length())).isEqualTo(expected);
    }

    /** The reply to {@code command} on a new connection of the default user (QUIT ends the reading). */
    private static String ask(String command) {
        try (RawClient client = new RawClient(server.port())) {
            String answer = client.send(command + "\r\nQUIT\r\n").read().text();
            assertThat(answer).endsWith("+OK\r\n");
            return answer.substring(0, answer.length() - "+OK\r\n".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String confirm(String kind, String name, int count) {
        return "*3\r\n" + bulk(kind) + bulk(name) + ":" + count + "\r\n";
    }

    private static String message(String kind, String channel, String message) {
        return "*3\r\n" + bulk(kind) + bulk(channel) + bulk(message);
    }

    private static String bulk(String text) {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }
}
