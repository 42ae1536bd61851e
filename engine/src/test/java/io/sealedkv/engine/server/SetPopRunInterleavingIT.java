package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.set.SetPopRun;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceListener;
import io.sealedkv.engine.testing.RecordedEffects;
import io.sealedkv.engine.testing.ServerExtension;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * A run of SPOPs ({@link SetPopRun}) through the dispatcher, with another connection's commands between its
 * acceptance and its hold: each pop sees the key as it is in its turn (members removed, the key deleted and
 * created again, given another type, renamed, moved, swapped or flushed away, expired) and answers, notifies,
 * signals and propagates as alone; a CLIENT PAUSE WRITE begun meanwhile stops the run before any change. Each
 * SPOP counts one access of its key. On a server without a propagation listener (pops from a large set, or of a
 * set's last member, under the hold) and on one with a listener (each pops as alone).
 */
class SetPopRunInterleavingIT {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String NIL = "(nil)";

    @RegisterExtension
    // No slow log: its line names the client's address, which the test's channel has not. One active expiry
    // cycle a second: it hardly ever runs between a test's clock jump and the run's hold.
    static final ServerExtension plain = new ServerExtension("set-max-listpack-entries 8",
            "set-max-intset-entries 8", "notify-keyspace-events EA", "slowlog-log-slower-than -1", "hz 1");
    @RegisterExtension
    static final ServerExtension propagating = new ServerExtension("set-max-listpack-entries 8",
            "set-max-intset-entries 8", "notify-keyspace-events EA", "slowlog-log-slower-than -1", "hz 1");
    private static final List<String> notified = new CopyOnWriteArrayList<>();
    private static final List<String> signalled = new CopyOnWriteArrayList<>();
    private static RecordedEffects effects;

    @BeforeAll
    static void record() {
        Keyspace keyspace = plain.server().keyspace();
        keyspace.events().sink((channel, message) -> notified.add(text(channel) + " " + text(message)));
        keyspace.writes().addKeyspaceListener(new KeyspaceListener() {
            @Override
            public void keyModified(int database, byte[] key) {
                signalled.add(database + " " + text(key));
            }

            @Override
            public void databaseChanged(int database) {
                signalled.add(database + " *");
            }
        });
        effects = RecordedEffects.of(propagating.server().keyspace());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void eachPopSeesItsKeyAsAnotherConnectionLeftItBeforeTheHold(boolean propagates) {
        ServerExtension server = server(propagates);
        Jedis other = server.emptyJedis();
        other.sadd("big", members("m", 12));
        other.sadd("small", "a", "b", "c");
        other.sadd("typed", members("t", 12));
        List<String> replies = runAsOne(server, jedis -> {
            jedis.srem("big", Arrays.copyOfRange(members("m", 12), 2, 12));
            jedis.del("small");
            jedis.sadd("small", "x", "y");
            jedis.del("typed");
            jedis.set("typed", "v");
        }, "SPOP big", "SPOP small", "SPOP big", "SPOP typed", "SPOP small", "SPOP big", "SPOP small");
        assertThat(List.of(replies.get(0), replies.get(2))).containsExactlyInAnyOrder("m0", "m1");
        assertThat(List.of(replies.get(1), replies.get(4))).containsExactlyInAnyOrder("x", "y");
        assertThat(replies.get(3)).isEqualTo(WRONGTYPE);
        assertThat(replies.subList(5, 7)).containsOnly(NIL);
        assertThat(other.exists("big", "small")).isZero();
        assertThat(other.get("typed")).isEqualTo("v");
        if (propagates) {
            assertThat(effects.propagated()).containsExactly("0 SREM big " + replies.get(0),
                    "0 SREM small " + replies.get(1), "0 SREM big " + replies.get(2), "0 SREM small " + replies.get(4));
            assertThat(effects.notified()).containsExactly(events());
        } else {
            assertThat(notified).containsExactly(events());
            assertThat(signalled).containsExactly("0 big", "0 small", "0 big", "0 small");
        }
    }

    private static String[] events() {
        return new String[] {"__keyevent@0__:spop big", "__keyevent@0__:spop small", "__keyevent@0__:spop big",
                "__keyevent@0__:del big", "__keyevent@0__:spop small", "__keyevent@0__:del small"};
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKeyRenamedMovedSwappedOrFlushedAwayBeforeTheHoldIsMissingInItsTurn(boolean propagates) {
        ServerExtension server = server(propagates);
        Jedis other = server.emptyJedis();
        List<Consumer<Jedis>> aways = List.of(jedis -> jedis.rename("k", "elsewhere"), jedis -> jedis.move("k", 2),
                jedis -> jedis.swapDB(0, 3), Jedis::flushDB);
        for (Consumer<Jedis> away : aways) {
            other.sadd("k", members("m", 12));
            assertThat(runAsOne(server, away, "SPOP k", "SPOP k")).containsOnly(NIL);
            other.flushAll();
        }
        other.select(1);
        other.sadd("k", "z", "w");
        other.select(0);
        other.sadd("k", members("m", 12));
        List<String> replies = runAsOne(server, jedis -> jedis.swapDB(0, 1), "SPOP k", "SPOP k", "SPOP k");
        assertThat(replies.subList(0, 2)).containsExactlyInAnyOrder("z", "w");
        assertThat(replies.get(2)).isEqualTo(NIL);
        assertThat(other.scard("k")).isZero();
        other.select(1);
        assertThat(other.scard("k")).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKeyThatExpiredBeforeTheHoldIsExpiredInItsCommandsTurn(boolean propagates) {
        ServerExtension server = server(propagates);
        Jedis other = server.emptyJedis();
        other.sadd("x", members("m", 12));
        other.sadd("y", "a", "b");
        Keyspace keyspace = server.server().keyspace();
        List<String> replies;
        try {
            replies = runAsOne(server, jedis -> {
                jedis.pexpire("x", 60_000);
                long later = System.currentTimeMillis() + 120_000;
                keyspace.clock(() -> later);
            }, "SPOP y", "SPOP x", "SPOP x");
            assertThat(replies.get(0)).isIn("a", "b");
            assertThat(replies.subList(1, 3)).containsOnly(NIL);
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
        assertThat(other.exists("x")).isFalse();
        if (propagates) {
            assertThat(effects.propagated()).containsExactly("0 SREM y " + replies.get(0), "0 DEL x");
        } else {
            assertThat(notified).containsExactly("__keyevent@0__:spop y", "__keyevent@0__:expired x");
        }
    }

    /**
     * A CLIENT PAUSE WRITE that began after the run's SPOPs were accepted stops the run before its first pop, as it
     * stops a command alone: nothing is popped, the commands are left to run alone, and wait.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWritePauseThatBeganBeforeTheHoldStopsTheRunBeforeAnyPop(boolean propagates) {
        ServerExtension server = server(propagates);
        Jedis other = server.emptyJedis();
        other.sadd("big", members("m", 12));
        other.sadd("small", "a", "b");
        byte[][][] requests = {InterleavedRun.request("SPOP big"), InterleavedRun.request("SPOP small")};
        CommandSpec spec = server.server().commands().find(requests[0][0]);
        CommandSpec[] specs = {spec, spec};
        ClientSession session = session(server);
        int[] hashes = {session.context().hash(requests[0][1]), session.context().hash(requests[1][1])};
        SetPopRun popRun = new SetPopRun(2);
        InterleavedRun run = new InterleavedRun(popRun, () -> other.clientPause(60_000, ClientPauseMode.WRITE));
        try {
            Dispatcher.WriteRunDone done = server.server().dispatcher().runWrites(session, run, specs, requests,
                    hashes, 0, 2, new RuntimeException[2]);
            assertThat(done).isNull();
            assertThat(other.scard("big")).isEqualTo(12);
            assertThat(other.scard("small")).isEqualTo(2);
        } finally {
            other.clientUnpause();
        }
    }

    /**
     * Each SPOP counts one access of its key, as in Redis, also one that pops as alone after the run's lookup (a
     * small set, or any set when propagating) or answers WRONGTYPE. With lfu-log-factor 0 every access adds one to
     * OBJECT FREQ.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void eachPopCountsOneAccessOfItsKey(boolean propagates) {
        ServerExtension server = server(propagates);
        Jedis other = server.emptyJedis();
        other.configSet("maxmemory-policy", "allkeys-lfu");
        other.configSet("lfu-log-factor", "0");
        try {
            other.sadd("big", members("m", 12));
            other.sadd("small", members("s", 4));
            other.set("str", "v");
            long big = other.objectFreq("big");
            long small = other.objectFreq("small");
            long str = other.objectFreq("str");
            List<String> replies = runAsOne(server, jedis -> { }, "SPOP big", "SPOP small", "SPOP str", "SPOP big",
                    "SPOP small", "SPOP str");
            assertThat(replies).doesNotContain(NIL);
            assertThat(other.objectFreq("big")).isEqualTo(big + 2);
            assertThat(other.objectFreq("small")).isEqualTo(small + 2);
            assertThat(other.objectFreq("str")).isEqualTo(str + 2);
        } finally {
            other.configSet("lfu-log-factor", "10");
            other.configSet("maxmemory-policy", "noeviction");
        }
    }

    /** A member popped as alone and not answered (its reply never written) is wiped when the run forgets it. */
    @Test
    void aMemberPoppedAsAloneIsWipedWhenForgotten() throws ReflectiveOperationException {
        Jedis other = propagating.emptyJedis();
        other.sadd("small", "secret", "other");
        byte[][][] requests = {InterleavedRun.request("SPOP small"), InterleavedRun.request("SPOP small")};
        CommandSpec spec = propagating.server().commands().find(requests[0][0]);
        ClientSession session = session(propagating);
        int hash = session.context().hash(requests[0][1]);
        SetPopRun run = new SetPopRun(2);
        Dispatcher.WriteRunDone done = propagating.server().dispatcher().runWrites(session, run,
                new CommandSpec[] {spec, spec}, requests, new int[] {hash, hash}, 0, 2, new RuntimeException[2]);
        assertThat(done.count()).isEqualTo(2);
        Field field = SetPopRun.class.getDeclaredField("opened");
        field.setAccessible(true);
        List<?>[] opened = (List<?>[]) field.get(run);
        List<byte[]> popped = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            popped.add((byte[]) opened[i].get(0));
            run.forget(i);
        }
        assertThat(opened).containsOnlyNulls();
        assertThat(popped).allSatisfy(member -> assertThat(member).containsOnly(0));
        assertThat(other.exists("small")).isFalse();
    }

    private static ServerExtension server(boolean propagates) {
        return propagates ? propagating : plain;
    }

    private static ClientSession session(ServerExtension server) {
        return new ClientSession(1, new EmbeddedChannel(), server.server(), true);
    }

    /**
     * Runs {@code commands} as one {@link SetPopRun} on a new connection, {@code between} on another connection
     * after their acceptance; the replies, a member, {@value #NIL} or an error each. Effects are recorded from the
     * run on.
     */
    private static List<String> runAsOne(ServerExtension server, Consumer<Jedis> between, String... commands) {
        Jedis other = server.jedis();
        List<String> lines = InterleavedRun.replies(server.server(), session(server), new SetPopRun(commands.length),
                () -> {
                    between.accept(other);
                    notified.clear();
                    signalled.clear();
                    effects.clear();
                }, commands);
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("$-1")) {
                replies.add(NIL);
            } else if (line.startsWith("$")) {
                replies.add(lines.get(++i));
            } else {
                replies.add(line);
            }
        }
        return replies;
    }

    private static String[] members(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
