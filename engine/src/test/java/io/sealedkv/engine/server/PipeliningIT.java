package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

class PipeliningIT {
    private static final int COMMANDS = 10_000;
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void tenThousandPipelinedCommandsAnswerInOrder() {
        try (Jedis jedis = server.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < COMMANDS / 2; i++) {
                pipeline.set("key:" + i, "value:" + i);
                gets.add(pipeline.get("key:" + i));
            }
            pipeline.sync();
            for (int i = 0; i < gets.size(); i++) {
                assertThat(gets.get(i).get()).isEqualTo("value:" + i);
            }
            assertThat(jedis.dbSize()).isEqualTo(COMMANDS / 2);
        }
    }

    @Test
    void onePacketOfManyInlineCommandsGetsEveryReply() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send("PING\r\n".repeat(COMMANDS));
            assertThat(client.readBytes(COMMANDS * 7)).isEqualTo("+PONG\r\n".repeat(COMMANDS));
        }
    }
}
