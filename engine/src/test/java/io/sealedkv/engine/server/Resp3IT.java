package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

class Resp3IT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void helloThreeSwitchesRepliesToResp3Types() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String hello = client.send("HELLO 3\r\n").read().text();
            assertThat(hello).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                    + "$5\r\nproto\r\n:3\r\n");
            assertThat(client.send("GET nokey\r\nMGET a b\r\nCONFIG GET maxclients\r\n").read().text())
                    .isEqualTo("_\r\n*2\r\n_\r\n_\r\n%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
            assertThat(client.send("HELLO 2\r\n").read().text()).startsWith("*14\r\n");
            assertThat(client.send("GET nokey\r\n").read().text()).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void unsupportedProtocolVersionIsRefused() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("HELLO 4\r\n").read().text()).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        }
    }

    @Test
    void jedisSpeaksResp3ToTheServer() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), config)) {
            jedis.set("resp3", "works");
            assertThat(jedis.get("resp3")).isEqualTo("works");
            assertThat(jedis.get("absent")).isNull();
            assertThat(jedis.configGet("port")).containsEntry("port", String.valueOf(server.port()));
        }
    }
}
