package io.sealedkv.engine.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
            assertThat(ask(subscriber, "SSUBSCRIBE s1 s2 s1")).isEqualTo(
                    confirm("ssubscribe", "s1", 1) + confirm("ssubscribe", "s2", 2) + confirm("ssubscribe", "s1", 2));
            assertThat(ask(subscriber, "SUBSCRIBE c1")).isEqualTo(confirm("subscribe", "c1", 1));
            assertThat(ask(subscriber, "PSUBSCRIBE p*")).isEqualTo(confirm("psubscribe", "p*", 2));
            assertThat(ask(subscriber, "SSUBSCRIBE s3")).isEqualTo(confirm("ssubscribe", "s3", 3));
            assertThat(ask(subscriber, "UNSUBSCRIBE")).isEqualTo(confirm("unsubscribe", "c1", 1));
            assertThat(ask(subscriber, "PUNSUBSCRIBE")).isEqualTo(confirm("punsubscribe", "p*", 0));
            assertThat(ask(subscriber, "GET x")).as("shard subscriptions alone keep the subscribed context")
                    .isEqualTo(ONLY_PUBSUB);
            assertThat(ask(subscriber, "SUNSUBSCRIBE s1 zz"))
                    .isEqualTo(confirm("sunsubscribe", "s1", 2) + confirm("sunsubscribe", "zz", 2));
        }
    }

    @Test
    void spublishReachesOnlyShardSubscribersAndPublishNeverDoes() throws IOException {
        try (RawClient subscriber = new RawClient(server.port()); RawClient publisher = new RawClient(server.port())) {
            ask(subscriber, "SSUBSCRIBE s1");
            ask(subscriber, "PSUBSCRIBE s*");
            ask(subscriber, "SUBSCRIBE s1");
            assertThat(ask(publisher, "SPUBLISH s1 hi")).isEqualTo(":1\r\n");
            assertThat(subscriber.read().text()).as("no pattern matches a shard channel")
                    .isEqualTo(message("smessage", "s1", "hi"));
            assertThat(ask(publisher, "PUBLISH s1 ho")).isEqualTo(":2\r\n");
            assertThat(subscriber.read().text()).isEqualTo(message("message", "s1", "ho")
                    + "*4\r\n$8\r\npmessage\r\n$2\r\ns*\r\n$2\r\ns1\r\n$2\r\nho\r\n");
            assertThat(ask(publisher, "SPUBLISH nobody x")).isEqualTo(":0\r\n");
            assertThat(ask(publisher, "SPUBLISH s1 \"\"")).isEqualTo(":1\r\n");
            assertThat(subscriber.read().text()).isEqualTo(message("smessage", "s1", ""));
        }
    }

    @Test
    void aResp2ShardSubscriberPingsAnArrayAndLeavesTheContextWhenItsLastShardChannelGoes() throws IOException {
        try (RawClient subscriber = new RawClient(server.port())) {
            ask(subscriber, "SSUBSCRIBE a b");
            assertThat(ask(subscriber, "GET x")).isEqualTo(ONLY_PUBSUB);
            assertThat(ask(subscriber, "PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            assertThat(ask(subscriber, "PING hi")).isEqualTo("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
            assertThat(ask(subscriber, "UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
            assertThat(ask(subscriber, "GET x")).isEqualTo(ONLY_PUBSUB);
            assertThat(ask(subscriber, "SUNSUBSCRIBE"))
                    .isEqualTo(confirm("sunsubscribe", "a", 1) + confirm("sunsubscribe", "b", 0));
            assertThat(ask(subscriber, "SUNSUBSCRIBE")).isEqualTo("*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n");
            assertThat(ask(subscriber, "GET x")).isEqualTo("$-1\r\n");
            assertThat(ask(subscriber, "PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void resp3ShardSubscriptionsArePushesAndOrdinaryCommandsKeepWorking() throws IOException {
        try (RawClient subscriber = new RawClient(server.port()); RawClient publisher = new RawClient(server.port())) {
            ask(subscriber, "HELLO 3");
            assertThat(ask(subscriber, "SSUBSCRIBE s1 s2")).isEqualTo(">3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n"
                    + ">3\r\n$10\r\nssubscribe\r\n$2\r\ns2\r\n:2\r\n");
            assertThat(ask(subscriber, "GET x")).isEqualTo("_\r\n");
            assertThat(ask(publisher, "SPUBLISH s1 m")).isEqualTo(":1\r\n");
            assertThat(subscriber.read().text()).isEqualTo(">3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$1\r\nm\r\n");
            assertThat(ask(subscriber, "SPUBLISH s2 own")).as("its own message keeps its place before the reply")
                    .isEqualTo(">3\r\n$8\r\nsmessage\r\n$2\r\ns2\r\n$3\r\nown\r\n:1\r\n");
            assertThat(ask(subscriber, "SUNSUBSCRIBE")).isEqualTo(">3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:1\r\n"
                    + ">3\r\n$12\r\nsunsubscribe\r\n$2\r\ns2\r\n:0\r\n");
            assertThat(ask(subscriber, "SUNSUBSCRIBE")).isEqualTo(">3\r\n$12\r\nsunsubscribe\r\n_\r\n:0\r\n");
        }
    }

    @Test
    void pubsubShardCommandsInfoAndClientListAnswerFromTheSubscriptions() throws IOException {
        Jedis admin = server.jedis();
        try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port())) {
            ask(first, "SSUBSCRIBE s1 s2 t1");
            ask(second, "SSUBSCRIBE s1");
            ask(second, "SUBSCRIBE s2");
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
            ask(resetting, "SSUBSCRIBE r");
            assertThat(ask(resetting, "RESET")).isEqualTo("+RESET\r\n");
            assertThat(ask("PUBSUB SHARDNUMSUB r")).isEqualTo("*2\r\n$1\r\nr\r\n:0\r\n");
            assertThat(ask(resetting, "GET x")).isEqualTo("$-1\r\n");

            ask(killed, "SSUBSCRIBE k");
            Eventually.until(Duration.ofSeconds(10), () -> ask("CLIENT LIST TYPE pubsub").split("id=").length == 2);
            assertThat(ask("CLIENT LIST TYPE pubsub")).contains("flags=P db=0 sub=0 psub=0 ssub=1 multi=-1")
                    .contains("cmd=ssubscribe");
            assertThat(ask("CLIENT LIST TYPE normal")).contains("cmd=client|list").doesNotContain("flags=P");
            assertThat(ask("CLIENT KILL TYPE pubsub")).isEqualTo(":1\r\n");
            assertThat(killed.read().closed()).isTrue();
            Eventually.until(Duration.ofSeconds(10), () -> ask("PUBSUB SHARDNUMSUB k").endsWith(":0\r\n"));
        }
        try (RawClient quitting = new RawClient(server.port()); RawClient closing = new RawClient(server.port())) {
            ask(quitting, "SSUBSCRIBE q");
            ask(closing, "SSUBSCRIBE q");
            assertThat(ask(quitting, "QUIT")).isEqualTo("+OK\r\n");
        }
        Eventually.until(Duration.ofSeconds(10), () -> ask("PUBSUB SHARDNUMSUB q").endsWith(":0\r\n"));
    }

    /** Redis refuses SSUBSCRIBE to a client that expects one reply per command, as EXEC's is; SUBSCRIBE runs. */
    @Test
    void ssubscribeInsideMultiFailsAtExecWhileSunsubscribeAndSpublishRun() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            ask(client, "MULTI");
            assertThat(ask(client, "SSUBSCRIBE s9")).isEqualTo("+QUEUED\r\n");
            assertThat(ask(client, "EXEC"))
                    .isEqualTo("*1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
            ask(client, "MULTI");
            ask(client, "SPUBLISH q x");
            ask(client, "SUNSUBSCRIBE q");
            assertThat(ask(client, "EXEC")).isEqualTo("*2\r\n:0\r\n*3\r\n$12\r\nsunsubscribe\r\n$1\r\nq\r\n:0\r\n");
            assertThat(ask(client, "GET x")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void confirmationsAreSentEvenWithRepliesOffOrSkipped() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(ask(client, "CLIENT REPLY OFF")).isEmpty();
            assertThat(ask(client, "SSUBSCRIBE z1")).isEqualTo(confirm("ssubscribe", "z1", 1));
            assertThat(ask(client, "SUNSUBSCRIBE z1")).isEqualTo(confirm("sunsubscribe", "z1", 0));
            assertThat(ask(client, "CLIENT REPLY ON")).isEqualTo("+OK\r\n");
            assertThat(ask(client, "CLIENT REPLY SKIP")).isEmpty();
            assertThat(ask(client, "SSUBSCRIBE z1")).isEqualTo(confirm("ssubscribe", "z1", 1));
            assertThat(ask(client, "PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        }
    }

    /** SPUBLISH, like PUBLISH, is not a write but may replicate in Redis 7.0: CLIENT PAUSE WRITE holds it. */
    @Test
    void aWritePauseHoldsSpublishButNotSsubscribe() throws IOException {
        try (RawClient publisher = new RawClient(server.port()); RawClient subscriber = new RawClient(server.port())) {
            assertThat(ask("CLIENT PAUSE 60000 WRITE")).isEqualTo("+OK\r\n");
            try {
                assertThat(ask(publisher, "SPUBLISH paused x")).isEmpty();
                assertThat(ask(subscriber, "SSUBSCRIBE paused")).isEqualTo(confirm("ssubscribe", "paused", 1));
            } finally {
                assertThat(ask("CLIENT UNPAUSE")).isEqualTo("+OK\r\n");
            }
            assertThat(publisher.read().text()).isEqualTo(":1\r\n");
            assertThat(subscriber.read().text()).isEqualTo(message("smessage", "paused", "x"));
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
            ask(user, "AUTH shard x");
            assertThat(ask(user, "SPUBLISH other x")).isEqualTo(NO_CHANNEL);
            assertThat(ask(user, "SPUBLISH ch1 x")).as("a key pattern does not apply").isEqualTo(":0\r\n");
            assertThat(ask(user, "SSUBSCRIBE ch1 other")).isEqualTo(NO_CHANNEL);
            assertThat(ask(user, "SSUBSCRIBE ch1")).isEqualTo(confirm("ssubscribe", "ch1", 1));
            assertThat(ask(user, "SPUBLISH other x")).as("permissions are checked before the subscribed context")
                    .isEqualTo(NO_CHANNEL);
            assertThat(ask(user, "SUNSUBSCRIBE other")).isEqualTo(confirm("sunsubscribe", "other", 1));
        }
        assertThat(ask("ACL LOG 1")).contains("$7\r\nchannel\r\n").contains("$6\r\nobject\r\n$5\r\nother\r\n")
                .contains("cmd=spublish");
        admin.aclDelUser("shard");
    }

    @Test
    void shardChannelsAreNotKeys() throws IOException {
        for (String command : new String[] {"COMMAND GETKEYS spublish s m", "COMMAND GETKEYS ssubscribe a b",
                "COMMAND GETKEYS sunsubscribe a b", "COMMAND GETKEYSANDFLAGS spublish s m"}) {
            assertThat(ask(command)).isEqualTo("-ERR The command has no key arguments\r\n");
        }
        assertThat(ask("COMMAND INFO spublish")).startsWith(
                "*1\r\n*10\r\n$8\r\nspublish\r\n:3\r\n*4\r\n+pubsub\r\n+loading\r\n+stale\r\n+fast\r\n:1\r\n:1\r\n:1\r\n")
                .contains("*1\r\n+not_key\r\n");
    }

    /** A RESP2 connection whose only subscriptions are shard channels still receives tracking redirects. */
    @Test
    void aShardSubscriberReceivesTheInvalidationsRedirectedToIt() throws IOException {
        Jedis writer = server.emptyJedis();
        try (RawClient subscriber = new RawClient(server.port()); RawClient tracked = new RawClient(server.port())) {
            String id = ask(subscriber, "CLIENT ID").substring(1).trim();
            ask(subscriber, "SSUBSCRIBE x");
            assertThat(ask(tracked, "CLIENT TRACKING on REDIRECT " + id)).isEqualTo("+OK\r\n");
            ask(tracked, "GET k");
            writer.set("k", "v");
            assertThat(subscriber.read().text())
                    .isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
        }
    }

    private static String ask(RawClient client, String command) {
        try {
            return client.send(command + "\r\n").read().text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply to {@code command} on a new connection of the default user. */
    private static String ask(String command) {
        try (RawClient client = new RawClient(server.port())) {
            return ask(client, command);
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
