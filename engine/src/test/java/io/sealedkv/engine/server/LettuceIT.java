package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lettuce connects with HELLO 3 and pipelines asynchronously: both must just work. */
class LettuceIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private RedisClient client;

    @BeforeEach
    void connect() {
        client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    }

    @AfterEach
    void disconnect() {
        client.shutdown();
    }

    @Test
    void synchronousCommands() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.set("k", "v")).isEqualTo("OK");
            assertThat(redis.get("k")).isEqualTo("v");
            assertThat(redis.incr("n")).isEqualTo(1);
            assertThat(redis.expire("k", 10)).isTrue();
            assertThat(redis.ttl("k")).isEqualTo(10);
            assertThat(redis.get("absent")).isNull();
        }
    }

    @Test
    void asynchronousPipeline() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                redis.set("a:" + i, "v" + i);
                gets.add(redis.get("a:" + i));
            }
            connection.flushCommands();
            for (int i = 0; i < gets.size(); i++) {
                assertThat(gets.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("v" + i);
            }
        }
    }
}
