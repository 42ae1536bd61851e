package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Small lists (one sealed block, opened under the lock by a push or pop) whose block does not open because
 * its data key version was destroyed: a command fails cleanly, changes nothing, and the next reply stays in
 * step (review-22).
 */
class SmallListDestroyedKeyIT {
    private static final String DESTROYED = "-ERR cannot open or seal the value: data key version 1 was destroyed\r\n";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @BeforeAll
    static void smallListsUnderADestroyedVersion() {
        try (Jedis jedis = server.emptyJedis()) {
            jedis.configSet("list-max-listpack-size", "-2");
            jedis.rpush("small", "a", "b", "c", "d", "e");
            jedis.rpush("dst", "a", "b", "c", "d", "e");
            jedis.rpush("full", "a", "b", "c", "d", "e");
        }
        server.keystore().rotate();
        try (Jedis jedis = server.jedis()) {
            jedis.rpush("src", "x", "y", "z");
        }
        server.keystore().destroy(1);
    }

    /**
     * LMOVE into a small destination that does not open takes the element off its source (which opens), so it
     * must land in the destination, as it does on a list in segments, which a push need not open; it was lost.
     */
    @Test
    void aMoveIntoASmallListThatDoesNotOpenStillMovesTheElement() throws Exception {
        List<String> replies = replies("LMOVE src dst RIGHT LEFT\r\nLRANGE src 0 -1\r\nLLEN dst\r\nLINDEX dst 0\r\n", 4);
        assertThat(replies).containsExactly("$1\r\nz\r\n", "*2\r\n$1\r\nx\r\n$1\r\ny\r\n", ":6\r\n", "$1\r\nz\r\n");
    }

    @Test
    void popsOfASmallListThatDoesNotOpenFailAloneAlsoInARun() throws Exception {
        assertThat(replies("RPOP small\r\nPING\r\n", 2)).containsExactly(DESTROYED, "+PONG\r\n");
        assertThat(replies("RPOP small\r\nRPOP small\r\nLPOP small\r\nPING\r\n", 4))
                .containsExactly(DESTROYED, DESTROYED, DESTROYED, "+PONG\r\n");
        assertThat(replies("LLEN small\r\n", 1)).containsExactly(":5\r\n");
    }

    @Test
    void aPushOntoASmallListThatDoesNotOpenFailsAloneAndChangesNothing() throws Exception {
        assertThat(replies("LPUSH small n\r\nPING\r\nLLEN small\r\n", 3)).containsExactly(DESTROYED, "+PONG\r\n", ":5\r\n");
    }

    /** A push the block's known size and count already make too large for the small form opens nothing: it works. */
    @Test
    void aPushPastTheSmallBoundNeedsNotOpenTheBlock() throws Exception {
        String large = "L".repeat(1100);
        assertThat(replies("RPUSH full " + large + "\r\nLLEN full\r\nLINDEX full -1\r\n", 3))
                .containsExactly(":6\r\n", ":6\r\n", "$1100\r\n" + large + "\r\n");
    }

    private static List<String> replies(String requests, int count) throws Exception {
        try (RawReplyConnection connection = new RawReplyConnection(server.port())) {
            connection.send(requests.getBytes(StandardCharsets.US_ASCII));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                replies.add(connection.reply());
            }
            return replies;
        }
    }
}
