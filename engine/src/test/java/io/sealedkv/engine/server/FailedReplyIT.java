package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A command that fails after it began its reply (here LRANGE, whose array header goes out before the
 * elements are opened) answers with the error alone: a half-written array followed by an error would
 * shift every later reply of the connection onto the wrong request.
 */
class FailedReplyIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void aCommandFailingInsideItsReplyAnswersTheErrorAloneAndTheNextReplyStaysInStep() throws Exception {
        try (Jedis jedis = server.emptyJedis()) {
            for (int i = 0; i < 300; i++) {
                jedis.rpush("list", "element-" + i);
            }
        }
        server.keystore().rotate();
        server.keystore().destroy(1);
        try (RawReplyConnection connection = new RawReplyConnection(server.port())) {
            connection.send("LRANGE list 0 -1\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> replies = List.of(connection.reply(), connection.reply());
            assertThat(replies).containsExactly(
                    "-ERR cannot open or seal the value: data key version 1 was destroyed\r\n", "+PONG\r\n");
        }
    }
}
