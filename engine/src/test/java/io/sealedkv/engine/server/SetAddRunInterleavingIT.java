package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.command.set.SetAddRun;
import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A run of SADDs guesses without the lock which members the set lacks, and seals those before its hold; another
 * client that changes the set in between changes what the hold finds, and the replies and the set are those of
 * the commands run one by one after that change.
 */
class SetAddRunInterleavingIT {
    @RegisterExtension
    // No slow log: its line names the client's address, which the test's channel has not.
    static final ServerExtension server = new ServerExtension("slowlog-log-slower-than -1");

    @Test
    void membersRemovedOrAddedBetweenTheGuessAndTheHoldAreCountedAsTheHoldFindsThem() {
        Jedis other = server.emptyJedis();
        for (int i = 0; i < 300; i++) {
            other.sadd("s", "m" + i);
        }
        ClientSession session = new ClientSession(1, new EmbeddedChannel(), server.server(), true);
        // Alone first, so that this thread remembers the set a run of SADDs may start at.
        session.writer().target(Unpooled.buffer());
        server.server().dispatcher().dispatch(session, InterleavedRun.request("SADD s m0"));
        assertThat(session.writer().target().toString(StandardCharsets.UTF_8)).isEqualTo(":0\r\n");

        List<String> replies = InterleavedRun.replies(server.server(), session, new SetAddRun(4), () -> {
            other.srem("s", "m1", "m2");
            other.sadd("s", "new-a");
        }, "SADD s m1", "SADD s new-a", "SADD s m2 new-b m3", "SADD s m1");

        assertThat(replies).containsExactly(":1", ":0", ":2", ":0");
        assertThat(other.scard("s")).isEqualTo(302);
        assertThat(other.smismember("s", "m1", "m2", "m3", "new-a", "new-b")).containsOnly(true);
        assertThat(other.smembers("s")).hasSize(302);
    }
}
