package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.string.IncrRun;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * A run of INCR-likes ({@link IncrRun}) through the dispatcher, with another connection's commands between its
 * look ahead and its hold: a command whose key changed in between (written, given another type, moved by
 * SWAPDB, expired) runs as alone, and so does a later command of the run to the same key; the others store what
 * was computed before the hold. Each answers, propagates and notifies as alone.
 */
class IncrRunInterleavingIT {
    @RegisterExtension
    // No slow log: its line names the client's address, which the test's channel has not. One active expiry
    // cycle a second: it hardly ever runs between a test's clock jump and the run's hold.
    static final ServerExtension server = new ServerExtension("notify-keyspace-events E$", "slowlog-log-slower-than -1",
            "hz 1");
    private final ClientSession session = new ClientSession(1, new EmbeddedChannel(), server.server(), true);
    private RecordedEffects effects;
    private Jedis other;

    @BeforeEach
    void start() {
        other = server.emptyJedis();
        effects = RecordedEffects.of(server.server().keyspace());
    }

    @Test
    void aKeyChangedBetweenTheLookAndTheHoldRunsAloneAndSoDoTheRunsLaterCommandsToIt() {
        other.set("a", "10");
        other.set("t", "1");
        other.set("w", "5");
        List<String> replies = runAsOne(jedis -> {
            jedis.incrBy("a", 100);
            jedis.del("t");
            jedis.lpush("t", "x");
            jedis.set("u", "7");
        }, "INCR a", "INCR t", "INCRBY a 5", "DECR u", "INCR w", "INCR t", "DECRBY w 2");
        String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value";
        assertThat(replies).containsExactly(":111", wrongType, ":116", ":6", ":6", wrongType, ":4");
        assertThat(other.mget("a", "u", "w")).containsExactly("116", "6", "4");
        assertThat(effects.propagated()).containsExactly("0 INCR a", "0 INCRBY a 5", "0 DECR u", "0 INCR w",
                "0 DECRBY w 2");
        assertThat(effects.notified()).containsExactly("__keyevent@0__:incrby a", "__keyevent@0__:incrby a",
                "__keyevent@0__:incrby u", "__keyevent@0__:incrby w", "__keyevent@0__:incrby w");
    }

    @Test
    void aDatabaseSwappedBetweenTheLookAndTheHoldRunsEachAloneInTheDatabaseThen() {
        other.set("a", "1");
        List<String> replies = runAsOne(jedis -> jedis.swapDB(0, 1), "INCR a", "INCRBY a 2");
        assertThat(replies).containsExactly(":1", ":3");
        assertThat(other.get("a")).isEqualTo("3");
        other.select(1);
        assertThat(other.get("a")).isEqualTo("1");
    }

    @Test
    void aKeyThatExpiredBetweenTheLookAndTheHoldIsExpiredInItsCommandsTurn() {
        other.set("x", "41");
        other.set("y", "1");
        Keyspace keyspace = server.server().keyspace();
        try {
            List<String> replies = runAsOne(jedis -> {
                jedis.pexpire("x", 60_000);
                long later = System.currentTimeMillis() + 120_000;
                keyspace.clock(() -> later);
            }, "INCR y", "INCR x", "INCR x");
            assertThat(replies).containsExactly(":2", ":1", ":2");
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
        assertThat(effects.propagated()).containsExactly("0 INCR y", "0 DEL x", "0 INCR x", "0 INCR x");
    }

    /**
     * Each INCR counts one access of its key, as in Redis, also when it runs alone after its key changed: the
     * look ahead counts none, and a command run alone counts its read, not its commit (review-23 F2). With
     * lfu-log-factor 0 every access adds one to OBJECT FREQ.
     */
    @Test
    void eachCommandCountsOneAccessOfItsKey() {
        other.configSet("maxmemory-policy", "allkeys-lfu");
        other.configSet("lfu-log-factor", "0");
        try {
            other.set("a", "100000");
            other.set("b", "100000");
            List<String> replies = runAsOne(jedis -> jedis.incr("a"), "INCR a", "INCR b", "INCRBY b 2");
            assertThat(replies).containsExactly(":100002", ":100001", ":100003");
            assertThat(other.objectFreq("a")).isEqualTo(7L);
            assertThat(other.objectFreq("b")).isEqualTo(7L);
        } finally {
            other.configSet("lfu-log-factor", "10");
            other.configSet("maxmemory-policy", "noeviction");
        }
    }

    /**
     * A CLIENT PAUSE WRITE that began after the run's commands were accepted stops the run before its first change,
     * as it stops a command alone: nothing is stored, the commands are left to run alone, and wait (review-23 O2).
     */
    @Test
    void aWritePauseThatBeganBeforeTheHoldStopsTheRunBeforeAnyChange() {
        other.set("a", "1");
        byte[][][] requests = {{bytes("INCR"), bytes("a")}, {bytes("INCR"), bytes("a")}};
        CommandSpec spec = server.server().commands().find(bytes("INCR"));
        CommandSpec[] specs = {spec, spec};
        int[] hashes = {session.context().hash(bytes("a")), session.context().hash(bytes("a"))};
        IncrRun incrRun = new IncrRun(2);
        WriteRun run = new InterleavedRun(incrRun, () -> other.clientPause(60_000, ClientPauseMode.WRITE));
        try {
            Dispatcher.WriteRunDone done = server.server().dispatcher().runWrites(session, run, specs, requests,
                    hashes, 0, 2, new RuntimeException[2]);
            assertThat(done).isNull();
            assertThat(other.get("a")).isEqualTo("1");
        } finally {
            other.clientUnpause();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Once answered, a run keeps nothing its commands carried: no increment, no sum (review-23 F3). */
    @Test
    void anAnsweredRunKeepsNoIncrementAndNoSum() throws ReflectiveOperationException {
        IncrRun run = new IncrRun(2);
        List<String> replies = runAsOne(run, jedis -> { }, "INCRBY fresh 42", "DECRBY fresh 58");
        assertThat(replies).containsExactly(":42", ":-16");
        for (String name : List.of("increments", "sums")) {
            Field field = IncrRun.class.getDeclaredField(name);
            field.setAccessible(true);
            assertThat((long[]) field.get(run)).as(name).containsOnly(0L);
        }
    }

    /**
     * Runs {@code commands} as one {@link IncrRun}, {@code between} on another connection after its look ahead;
     * the replies, one line each. Effects are recorded from the run on.
     */
    private List<String> runAsOne(Consumer<Jedis> between, String... commands) {
        return runAsOne(new IncrRun(commands.length), between, commands);
    }

    private List<String> runAsOne(IncrRun incrRun, Consumer<Jedis> between, String... commands) {
        return InterleavedRun.replies(server.server(), session, incrRun, () -> {
            between.accept(other);
            effects.clear();
        }, commands);
    }
}
