package io.sealedkv.engine.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * CLIENT TRACKING (client-side caching): the RESP3 invalidation pushes byte for byte for the default,
 * BCAST, OPTIN, OPTOUT and NOLOOP modes, REDIRECT to a RESP2 subscriber of {@code __redis__:invalidate},
 * FLUSHALL's null, Redis's error texts, and Lettuce's client-side cache kept fresh by the server.
 */
class ClientTrackingIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static String invalidate(String... keys) {
        StringBuilder push = new StringBuilder(">2\r\n$10\r\ninvalidate\r\n*" + keys.length + "\r\n");
        for (String key : keys) {
            push.append('$').append(key.length()).append("\r\n").append(key).append("\r\n");
        }
        return push.toString();
    }

    private static RawClient resp3() throws Exception {
        RawClient raw = new RawClient(server.port());
        raw.send("HELLO 3\r\n");
        raw.read();
        return raw;
    }

    @Test
    void aKeyReadWhileTrackingIsInvalidatedOnceWhenAnotherClientChangesIt() throws Exception {
        Jedis other = server.emptyJedis();
        other.set("k", "v1");
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on\r\nGET k\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n$2\r\nv1\r\n");
            other.set("k", "v2");
            assertThat(raw.read().text()).isEqualTo(invalidate("k"));
            other.set("k", "v3");
            raw.send("PING\r\n");
            assertThat(raw.read().text()).as("forgotten after the first invalidation").isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void keysCountedByAnArgumentAreTrackedLikeAnyOtherRead() throws Exception {
        Jedis other = server.emptyJedis();
        other.zadd("z1", 1, "a");
        other.zadd("z2", 1, "a");
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on\r\nZINTERCARD 2 z1 z2\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n:1\r\n");
            other.zadd("z2", 2, "b");
            assertThat(raw.read().text()).isEqualTo(invalidate("z2"));
        }
    }

    @Test
    void theClientsOwnWriteInvalidatesAfterItsReplyUnlessNoloop() throws Exception {
        server.emptyJedis().set("k", "v");
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on\r\nGET k\r\nSET k w\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n$1\r\nv\r\n+OK\r\n" + invalidate("k"));
            raw.send("CLIENT TRACKING on NOLOOP\r\nGET k\r\nSET k x\r\nPING\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n$1\r\nw\r\n+OK\r\n+PONG\r\n");
        }
    }

    /** Redis 7.0.15's order (fuzz-20 E10): the destination is signalled as the element lands, the source after. */
    @Test
    void aListMoveInvalidatesItsDestinationBeforeItsSource() throws Exception {
        String[][] moves = {
            {"RPUSH src a", "RPOPLPUSH src dst"},
            {"RPUSH src a b", "LMOVE src dst LEFT RIGHT"},
            {"RPUSH src a b\r\nRPUSH dst c", "BLMOVE src dst RIGHT LEFT 0"}};
        try (RawClient tracked = resp3(); RawClient mover = new RawClient(server.port())) {
            tracked.send("CLIENT TRACKING on\r\n");
            tracked.readBytes("+OK\r\n".length());
            for (String[] move : moves) {
                mover.send("DEL src dst\r\n" + move[0] + "\r\n").read();
                tracked.send("EXISTS src\r\nEXISTS dst\r\n");
                tracked.readBytes(":1\r\n:0\r\n".length());
                mover.send(move[1] + "\r\n").read();
                assertThat(tracked.read().text()).as(move[1]).isEqualTo(invalidate("dst") + invalidate("src"));
            }
        }
    }

    @Test
    void bcastSendsTheChangedKeysUnderThePrefixesWithoutAnyRead() throws Exception {
        Jedis other = server.emptyJedis();
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on BCAST PREFIX user: PREFIX item:\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n");
            other.mset("user:1", "a", "user:2", "b", "other", "c");
            assertThat(raw.read().text()).isEqualTo(invalidate("user:1", "user:2"));
            other.set("item:9", "x");
            assertThat(raw.read().text()).isEqualTo(invalidate("item:9"));
            raw.send("CLIENT TRACKINGINFO\r\n");
            assertThat(raw.read().text()).isEqualTo("%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n"
                    + "$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*2\r\n$5\r\nitem:\r\n$5\r\nuser:\r\n");
        }
    }

    @Test
    void bcastSendsTheKeysChangedByOneReadOnceEachSortedAndAfterItsReplies() throws Exception {
        try (RawClient watcher = resp3(); RawClient writer = resp3()) {
            for (RawClient raw : List.of(watcher, writer)) {
                raw.send("CLIENT TRACKING on BCAST PREFIX user:\r\n");
                assertThat(raw.read().text()).isEqualTo("+OK\r\n");
            }
            writer.send("SET user:zeta 1\r\nSET user:beta 2\r\nSET user:alpha 3\r\n"
                    + "SET other 4\r\nSET user:beta 5\r\n");
            String keys = invalidate("user:alpha", "user:beta", "user:zeta");
            assertThat(writer.read().text()).isEqualTo("+OK\r\n".repeat(5) + keys);
            assertThat(watcher.read().text()).isEqualTo(keys);
        }
    }

    /**
     * Requests that wait behind a blocking command (or a CLIENT PAUSE) run when it is served, outside a read of
     * their connection: their BCAST batch goes then too, as Redis's next beforeSleep sends it, not at the next
     * cron tick (hz 1 here: five round trips would take seconds).
     */
    @Test
    void bcastSendsTheChangesOfRequestsRunAfterABlockedCommandWithoutWaitingForTheCron() throws Exception {
        Jedis admin = server.emptyJedis();
        admin.configSet("hz", "1");
        try (RawClient watcher = resp3(); RawClient writer = new RawClient(server.port())) {
            watcher.send("CLIENT TRACKING on BCAST PREFIX user:\r\n");
            assertThat(watcher.read().text()).isEqualTo("+OK\r\n");
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                writer.send("BLPOP queue 0.01\r\nSET user:" + i + " x\r\n");
                String keys = invalidate("user:" + i);
                assertThat(watcher.readBytes(keys.length())).isEqualTo(keys);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(writer.read().text()).isEqualTo("*-1\r\n+OK\r\n".repeat(5));
        } finally {
            admin.configSet("hz", "10");
        }
    }

    @Test
    void optinTracksOnlyAfterCachingYesAndOptoutSkipsAfterCachingNo() throws Exception {
        Jedis other = server.emptyJedis();
        other.mset("a", "1", "b", "2");
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on OPTIN\r\nGET a\r\nCLIENT CACHING yes\r\nGET b\r\n");
            raw.read();
            other.mset("a", "x", "b", "y");
            assertThat(raw.read().text()).isEqualTo(invalidate("b"));
            raw.send("CLIENT TRACKING off\r\nCLIENT TRACKING on OPTOUT\r\nCLIENT CACHING no\r\nGET a\r\nGET b\r\n");
            raw.read();
            other.mset("a", "1", "b", "2");
            assertThat(raw.read().text()).isEqualTo(invalidate("b"));
        }
    }

    @Test
    void redirectToAResp2SubscriberUsesTheInvalidateChannelAndFlushallSendsNull() throws Exception {
        Jedis other = server.emptyJedis();
        other.set("k", "v");
        try (RawClient subscriber = new RawClient(server.port()); RawClient tracked = new RawClient(server.port())) {
            subscriber.send("CLIENT ID\r\n");
            String id = subscriber.read().text().substring(1).trim();
            subscriber.send("SUBSCRIBE __redis__:invalidate\r\n");
            subscriber.read();
            tracked.send("CLIENT TRACKING on REDIRECT " + id + "\r\nGET k\r\nCLIENT GETREDIR\r\n");
            assertThat(tracked.read().text()).isEqualTo("+OK\r\n$1\r\nv\r\n:" + id + "\r\n");
            other.set("k", "w");
            assertThat(subscriber.read().text()).isEqualTo(
                    "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
            other.flushAll();
            assertThat(subscriber.read().text()).isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n");
        }
    }

    private static long stat(Jedis jedis, String field) {
        for (String line : jedis.info("stats").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError(field + " missing from INFO stats");
    }

    @Test
    void infoStatsCountTrackedKeysItemsAndPrefixesAndClientListShowsTheFlags() throws Exception {
        Jedis jedis = server.emptyJedis();
        long keys = stat(jedis, "tracking_total_keys");
        long items = stat(jedis, "tracking_total_items");
        long prefixes = stat(jedis, "tracking_total_prefixes");
        try (RawClient one = resp3(); RawClient two = resp3(); RawClient bcast = resp3()) {
            one.send("CLIENT TRACKING on\r\nGET stat:a\r\nGET stat:b\r\n");
            assertThat(one.read().text()).isEqualTo("+OK\r\n_\r\n_\r\n");
            two.send("CLIENT TRACKING on\r\nGET stat:a\r\n");
            assertThat(two.read().text()).isEqualTo("+OK\r\n_\r\n");
            bcast.send("CLIENT TRACKING on BCAST PREFIX zz1: PREFIX zz2:\r\nCLIENT INFO\r\n");
            assertThat(bcast.read().text()).startsWith("+OK\r\n=").contains(" flags=tB ").contains(" redir=0 ");
            assertThat(stat(jedis, "tracking_total_keys")).isEqualTo(keys + 2);
            assertThat(stat(jedis, "tracking_total_items")).isEqualTo(items + 3);
            assertThat(stat(jedis, "tracking_total_prefixes")).isEqualTo(prefixes + 2);
            assertThat(jedis.clientInfo()).contains(" flags=N ").contains(" redir=-1 ");

            jedis.set("stat:a", "changed");
            assertThat(one.read().text()).isEqualTo(invalidate("stat:a"));
            assertThat(stat(jedis, "tracking_total_keys")).isEqualTo(keys + 1);
            assertThat(stat(jedis, "tracking_total_items")).isEqualTo(items + 1);
        }
        Eventually.until(Duration.ofSeconds(10), () -> stat(jedis, "tracking_total_prefixes") == prefixes);
    }

    @Test
    void swapdbSendsNoInvalidationButFlushallDoesAsInRedis70() throws Exception {
        Jedis other = server.emptyJedis();
        other.set("swap:k", "v");
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on\r\nGET swap:k\r\n");
            assertThat(raw.read().text()).isEqualTo("+OK\r\n$1\r\nv\r\n");
            other.swapDB(0, 1);
            raw.send("SWAPDB 0 1\r\nPING\r\n");
            assertThat(raw.read().text()).as("redis-server 7.0.15 sends nothing on SWAPDB").isEqualTo("+OK\r\n+PONG\r\n");
            other.flushAll();
            assertThat(raw.read().text()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
        }
    }

    @Test
    void errorsAreRedisOnes() throws Exception {
        try (RawClient raw = resp3()) {
            raw.send("CLIENT TRACKING on PREFIX a\r\n"
                    + "CLIENT TRACKING on BCAST PREFIX ab PREFIX a\r\n"
                    + "CLIENT TRACKING on BCAST PREFIX ab\r\n"
                    + "CLIENT TRACKING on BCAST PREFIX a\r\n"
                    + "CLIENT TRACKING on\r\n"
                    + "CLIENT TRACKING off\r\n"
                    + "CLIENT TRACKING on BCAST OPTIN\r\n"
                    + "CLIENT TRACKING on OPTIN OPTOUT\r\n"
                    + "CLIENT TRACKING on REDIRECT 999999\r\n"
                    + "CLIENT TRACKING maybe\r\n"
                    + "CLIENT CACHING yes\r\n"
                    + "CLIENT TRACKING on OPTOUT\r\n"
                    + "CLIENT CACHING yes\r\n"
                    + "CLIENT TRACKING on OPTIN\r\n"
                    + "CLIENT GETREDIR\r\n");
            assertThat(raw.read().text()).isEqualTo(
                    "-ERR PREFIX option requires BCAST mode to be enabled\r\n"
                    + "-ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single client must "
                    + "not overlap.\r\n"
                    + "+OK\r\n"
                    + "-ERR Prefix 'a' overlaps with an existing prefix 'ab'. Prefixes for a single client must not "
                    + "overlap.\r\n"
                    + "-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.\r\n"
                    + "+OK\r\n"
                    + "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n"
                    + "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n"
                    + "-ERR The client ID you want redirect to does not exist\r\n"
                    + "-ERR syntax error\r\n"
                    + "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled\r\n"
                    + "+OK\r\n"
                    + "-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n"
                    + "-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.\r\n"
                    + ":0\r\n");
        }
    }

    @Test
    void lettuceClientSideCachingSeesEveryChangeMadeByOthers() {
        Jedis other = server.emptyJedis();
        other.set("cached", "v1");
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Map<String, String> local = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(local), connection,
                    TrackingArgs.Builder.enabled());
            assertThat(frontend.get("cached")).isEqualTo("v1");
            assertThat(local).containsEntry("cached", "v1");
            other.set("cached", "v2");
            Eventually.until(Duration.ofSeconds(10), () -> !local.containsKey("cached"));
            assertThat(frontend.get("cached")).isEqualTo("v2");
            frontend.close();
        } finally {
            client.shutdown();
        }
    }
}
