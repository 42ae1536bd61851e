package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Pipelined runs of every kind over a key whose TTL runs out while the pipeline runs (a clock that jumps
 * 20 ms at each reading; a hold reads it once, see Keyspace.now): no command answers an error, and a pop
 * answers nothing once the key expired (diff-18's F9 was a push run failing there).
 */
class RunsOverExpiringKeysIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static final int COMMANDS = 400;

    /** The replies of {@code COMMANDS} pipelined commands on {@code k}, made by {@code setup}, twice. */
    private static List<Object> replies(String[] setup, BiFunction<Pipeline, Integer, Response<?>> command) {
        Keyspace keyspace = server.server().keyspace();
        AtomicLong ticks = new AtomicLong(System.currentTimeMillis());
        List<Object> replies = new ArrayList<>();
        Jedis jedis = server.emptyJedis();
        try {
            for (int ttl : new int[] {60, 200}) {
                jedis.del("k");
                jedis.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(setup[0]),
                        java.util.Arrays.copyOfRange(setup, 1, setup.length));
                keyspace.clock(() -> ticks.getAndAdd(20));
                jedis.pexpire("k", ttl);
                Pipeline pipeline = jedis.pipelined();
                List<Response<?>> responses = new ArrayList<>();
                for (int i = 0; i < COMMANDS; i++) {
                    responses.add(command.apply(pipeline, i));
                }
                pipeline.sync();
                keyspace.clock(System::currentTimeMillis);
                for (Response<?> response : responses) {
                    try {
                        replies.add(response.get());
                    } catch (RuntimeException e) {
                        replies.add(e.getMessage());
                    }
                }
            }
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
        return replies;
    }

    private static String[] command(String name, String... pairs) {
        List<String> argv = new ArrayList<>(List.of(name, "k"));
        for (int i = 0; i < 600; i++) {
            for (String part : pairs) {
                argv.add(part + i);
            }
        }
        return argv.toArray(String[]::new);
    }

    private static void assertNoErrors(List<Object> replies) {
        assertThat(replies).noneMatch(reply -> reply instanceof String text && text.startsWith("ERR"));
    }

    /** No pop answers an element after one answered nothing: the key expired and was not created again. */
    private static void assertNothingAfterExpiry(List<Object> replies) {
        assertNoErrors(replies);
        for (int round = 0; round < 2; round++) {
            boolean expired = false;
            for (Object reply : replies.subList(round * COMMANDS, (round + 1) * COMMANDS)) {
                boolean nothing = reply == null || reply instanceof List<?> list && list.isEmpty();
                assertThat(expired && !nothing).as("served after the expiry: %s", reply).isFalse();
                expired |= nothing;
            }
            assertThat(expired).as("the key expired inside the pipeline").isTrue();
        }
    }

    @Test
    void addsToSetsHashesAndSortedSets() {
        assertNoErrors(replies(command("SADD", "x"), (p, i) -> p.sadd("k", "m" + i)));
        assertNoErrors(replies(command("HSET", "f", "v"), (p, i) -> p.hset("k", "g" + i, "v")));
        assertNoErrors(replies(command("ZADD", "", "x"), (p, i) -> p.zadd("k", i, "m" + i)));
    }

    @Test
    void stringWrites() {
        SetParams keepTtl = SetParams.setParams().keepTtl();
        assertNoErrors(replies(new String[] {"SET", "k", "1"}, (p, i) -> p.set("k", "v" + i, keepTtl)));
        assertNoErrors(replies(new String[] {"SET", "k", "1"}, (p, i) -> p.incr("k")));
    }

    @Test
    void pops() {
        assertNothingAfterExpiry(replies(command("RPUSH", "x"), (p, i) -> i % 2 == 0 ? p.lpop("k") : p.rpop("k")));
        assertNothingAfterExpiry(replies(command("ZADD", "", "x"), (p, i) -> p.zpopmin("k")));
        assertNothingAfterExpiry(replies(command("SADD", "x"), (p, i) -> p.spop("k")));
    }
}
