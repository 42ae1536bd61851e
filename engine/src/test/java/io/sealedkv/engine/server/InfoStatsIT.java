package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;

/** INFO stats counters as Redis 7.0 counts them (the expected deltas were read from Debian's redis-server). */
class InfoStatsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void readsOfSourcesCountKeyspaceHitsAndMisses() {
        Jedis jedis = server.emptyJedis();
        jedis.set("s", "v");
        jedis.zadd("z", 1, "a");
        jedis.sadd("st", "a");
        assertThat(hitsAndMisses(jedis, () -> jedis.objectEncoding("s"))).containsExactly(1L, 0L);
        assertThat(hitsAndMisses(jedis, () -> jedis.objectEncoding("absent"))).containsExactly(0L, 1L);
        assertThat(hitsAndMisses(jedis, () -> jedis.copy("s", "s2", false))).containsExactly(1L, 0L);
        assertThat(hitsAndMisses(jedis, () -> jedis.copy("absent", "s3", false))).containsExactly(0L, 1L);
        assertThat(hitsAndMisses(jedis, () -> jedis.zunionstore("zd", "z", "absent"))).containsExactly(1L, 1L);
        assertThat(hitsAndMisses(jedis, () -> jedis.sinterstore("sd", "st"))).containsExactly(1L, 0L);
        assertThat(hitsAndMisses(jedis, () -> jedis.sunionstore("sd", "st", "absent"))).containsExactly(1L, 1L);
        assertThat(hitsAndMisses(jedis, () -> jedis.setGet("s", "v2", SetParams.setParams()))).containsExactly(1L, 0L);
        assertThat(hitsAndMisses(jedis, () -> jedis.setGet("absent2", "v", SetParams.setParams())))
                .containsExactly(0L, 1L);
        assertThat(hitsAndMisses(jedis, () -> jedis.getSet("s", "v3"))).containsExactly(1L, 0L);
        assertThat(hitsAndMisses(jedis, () -> jedis.set("s", "v4"))).containsExactly(0L, 0L);
    }

    @Test
    void refusedAndDiscardedCommandsAreNotProcessedCommands() {
        Jedis jedis = server.emptyJedis();
        assertThat(processed(jedis, () -> send(jedis, Protocol.Command.GET))).isZero();
        assertThat(processed(jedis, () -> send(jedis, Protocol.Command.SET, "k"))).isZero();
        assertThat(processed(jedis, () -> {
            Transaction multi = jedis.multi();
            multi.set("a", "1");
            multi.get("a");
            multi.discard();
        })).as("MULTI and DISCARD").isEqualTo(2);
        assertThat(processed(jedis, () -> {
            Transaction multi = jedis.multi();
            multi.set("a", "1");
            multi.get("a");
            multi.exec();
        })).as("MULTI, EXEC and the two it ran").isEqualTo(4);
        assertThat(processed(jedis, () -> jedis.get("a"))).isEqualTo(1);
    }

    private static List<Long> hitsAndMisses(Jedis jedis, Runnable command) {
        long hits = InfoCounts.stat(jedis, "stats", "keyspace_hits");
        long misses = InfoCounts.stat(jedis, "stats", "keyspace_misses");
        command.run();
        return List.of(InfoCounts.stat(jedis, "stats", "keyspace_hits") - hits,
                InfoCounts.stat(jedis, "stats", "keyspace_misses") - misses);
    }

    /** Commands counted while {@code commands} ran (INFO counts itself after its reply, as in Redis). */
    private static long processed(Jedis jedis, Runnable commands) {
        long before = InfoCounts.stat(jedis, "stats", "total_commands_processed");
        commands.run();
        return InfoCounts.stat(jedis, "stats", "total_commands_processed") - before - 1;
    }

    private static void send(Jedis jedis, Protocol.Command command, String... args) {
        try {
            jedis.sendCommand(command, args);
        } catch (RuntimeException expected) {
            assertThat(expected).hasMessageContaining("wrong number of arguments");
        }
    }
}
