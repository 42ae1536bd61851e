package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.command.zset.ZAddRun;
import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A run of ZADDs ({@link ZAddRun}) through the dispatcher, with another connection's ZADDs between its look ahead
 * and its hold: members that took a score in between, and those the run itself placed there, are ordered among
 * that score's members by their bytes; a set deleted and made again in between takes each ZADD as alone. Each
 * ZADD answers, propagates and notifies as alone.
 */
class ZAddRunInterleavingIT {
    @RegisterExtension
    // No slow log: its line names the client's address, which the test's channel has not.
    static final ServerExtension server = new ServerExtension("zset-max-listpack-entries 8",
            "notify-keyspace-events Ez", "slowlog-log-slower-than -1");
    private final ClientSession session = new ClientSession(1, new EmbeddedChannel(), server.server(), true);
    private RecordedEffects effects;
    private Jedis other;

    @BeforeEach
    void start() {
        other = server.emptyJedis();
        for (int i = 0; i < 20; i++) {
            other.zadd("z", i, String.format("m%02d", i));
        }
        // a ZADD of this thread, so that its runs to z are taken (ZAddRun runs on the set its thread wrote last)
        session.writer().target(Unpooled.buffer());
        server.server().dispatcher().dispatch(session, InterleavedRun.request("ZADD z 100 warm"));
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @Test
    void membersThatTookTheScoreBetweenTheLookAndTheHoldAreOrderedByTheirBytes() {
        List<String> replies = runAsOne(jedis -> {
            jedis.zadd("z", 7, "a");
            jedis.zadd("z", 7, "zz");
            jedis.zadd("z", 12, "m13");
        }, "ZADD z 7 k", "ZADD z 7 m03", "ZADD z CH 12 m14", "ZADD z 12 b");
        assertThat(replies).containsExactly(":1", ":0", ":1", ":1");
        assertThat(other.zrangeByScore("z", 7, 7)).containsExactly("a", "k", "m03", "m07", "zz");
        assertThat(other.zrangeByScore("z", 12, 12)).containsExactly("b", "m12", "m13", "m14");
        assertThat(effects.propagated()).containsExactly("0 ZADD z 7 k", "0 ZADD z 7 m03", "0 ZADD z CH 12 m14",
                "0 ZADD z 12 b");
        assertThat(effects.notified()).containsExactly("__keyevent@0__:zadd z", "__keyevent@0__:zadd z",
                "__keyevent@0__:zadd z", "__keyevent@0__:zadd z");
    }

    @Test
    void aSetDeletedAndMadeAgainBetweenTheLookAndTheHoldTakesEachZaddAsAlone() {
        List<String> replies = runAsOne(jedis -> {
            jedis.del("z");
            for (int i = 0; i < 20; i++) {
                jedis.zadd("z", 5, String.format("n%02d", 19 - i));
            }
        }, "ZADD z 5 n10x", "ZADD z 5 m05");
        assertThat(replies).containsExactly(":1", ":1");
        List<String> fives = other.zrangeByScore("z", 5, 5);
        assertThat(fives).hasSize(22).startsWith("m05", "n00").contains("n10", "n10x", "n11");
        assertThat(fives.indexOf("n10x")).isEqualTo(fives.indexOf("n10") + 1);
    }

    private List<String> runAsOne(Consumer<Jedis> between, String... commands) {
        return InterleavedRun.replies(server.server(), session, new ZAddRun(commands.length), () -> {
            between.accept(other);
            effects.clear();
        }, commands);
    }
}
