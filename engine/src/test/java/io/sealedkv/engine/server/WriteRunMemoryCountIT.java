package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.command.hash.HashSetRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.MemoryCost;
import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A pipelined run counts the memory of the collections its commands changed in place once, at the end of its
 * hold: when the hold is released, the count is exact, as after the same commands run one by one.
 */
class WriteRunMemoryCountIT {
    @RegisterExtension
    // No slow log: its line names the client's address, which the test's channel has not.
    static final ServerExtension server = new ServerExtension("hash-max-listpack-entries 16",
            "slowlog-log-slower-than -1");

    @Test
    void aRunOfHsetsThatGrowAHashLeavesTheCountExactWhenItsHoldEnds() {
        Jedis jedis = server.emptyJedis();
        for (int i = 0; i < 200; i++) {
            jedis.hset("h", "field-" + i, "value");
        }
        ClientSession session = new ClientSession(1, new EmbeddedChannel(), server.server(), true);
        // Alone first, so that this thread remembers the hash a run of HSETs may start at.
        session.writer().target(Unpooled.buffer());
        server.server().dispatcher().dispatch(session, InterleavedRun.request("HSET h field-0 changed"));
        assertThat(session.writer().target().toString(StandardCharsets.UTF_8)).isEqualTo(":0\r\n");
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        Keyspace keyspace = server.server().keyspace();
        long before = counted(keyspace);

        String[] commands = IntStream.range(0, 40).mapToObj(i -> "HSET h new-" + i + " " + "v".repeat(i + 1))
                .toArray(String[]::new);
        List<String> replies = InterleavedRun.replies(server.server(), session, new HashSetRun(commands.length),
                () -> { }, commands);

        assertThat(replies).hasSize(40).containsOnly(":1");
        long after = counted(keyspace);
        assertThat(after).isGreaterThan(before);
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(0);
            byte[] key = "h".getBytes(StandardCharsets.UTF_8);
            assertThat(after).isEqualTo(MemoryCost.of(keyspace.lookup(db, key, Keyspace.NO_TOUCH | Keyspace.NO_STATS)));
        } finally {
            keyspace.lock().unlock();
        }
    }

    /** The count as it stands: the lock taken directly, not by a command, whose release would settle it. */
    private static long counted(Keyspace keyspace) {
        keyspace.lock().lock();
        try {
            return keyspace.usedMemory();
        } finally {
            keyspace.lock().unlock();
        }
    }
}
