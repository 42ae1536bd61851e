package io.sealedkv.engine.testing;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.server.SealedKvServer;
import redis.clients.jedis.Jedis;

/** An in-process server on 127.0.0.1 and a free port, for tests over real sockets. */
public final class TestServer implements AutoCloseable {
    private final SealedKvServer server;

    private TestServer(SealedKvServer server) {
        this.server = server;
    }

    /** Starts a server; {@code directives} are extra config-file lines. */
    public static TestServer start(String... directives) {
        return start(new TestCodec(), directives);
    }

    public static TestServer start(ValueCodec codec, String... directives) {
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\n" + String.join("\n", directives));
        try {
            return new TestServer(SealedKvServer.start(config, codec));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public SealedKvServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 5000);
    }

    @Override
    public void close() {
        server.close();
    }
}
