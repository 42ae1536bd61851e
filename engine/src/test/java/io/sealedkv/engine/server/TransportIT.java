package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.sealedkv.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Each transport {@code io-transport} names serves a real client, pipelined and not, with keepalive on. */
class TransportIT {
    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachAvailableTransportServesAClient(Transport transport) {
        assumeThat(transport.unavailabilityCause()).as("%s here", transport).isNull();
        try (TestServer server = TestServer.start("io-transport " + transport.configName(), "tcp-keepalive 60");
             Jedis jedis = server.jedis()) {
            assertThat(multiplexingApi(jedis)).isEqualTo(transport.configName());
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("v");
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                replies.add(pipeline.incr("counter"));
            }
            pipeline.sync();
            assertThat(replies.get(4999).get()).isEqualTo(5000L);
        }
    }

    @Test
    void autoTakesIoUringThenEpollThenNio() {
        String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        try (TestServer server = TestServer.start(); Jedis jedis = server.jedis()) {
            assertThat(multiplexingApi(jedis)).isEqualTo(expected);
            assertThat(jedis.configGet("io-transport")).containsEntry("io-transport", "auto");
        }
    }

    private static String multiplexingApi(Jedis jedis) {
        return jedis.info("server").lines().filter(line -> line.startsWith("multiplexing_api:"))
                .map(line -> line.substring(line.indexOf(':') + 1)).findFirst().orElseThrow();
    }
}
