package io.sealedkv.engine.testing;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * An in-process server on 127.0.0.1 and a free port, for tests over real sockets: the product codec
 * over a {@code memory} keystore.
 */
public final class TestServer implements AutoCloseable {
    private final SealedKvServer server;
    private final Keystore keystore;

    private TestServer(SealedKvServer server, Keystore keystore) {
        this.server = server;
        this.keystore = keystore;
    }

    /** Starts a server; {@code directives} are extra config-file lines. */
    public static TestServer start(String... directives) {
        return start(CodecOptions.DEFAULTS, directives);
    }

    /** Starts a server whose codec has {@code options}; {@code directives} are extra config-file lines. */
    public static TestServer start(CodecOptions options, String... directives) {
        Config config = new Config();
        // Two network threads on any machine (the default may be one): connections then alternate between them,
        // so the suite meets what one thread never does, a command waking or waiting for another thread's client.
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\nio-threads 2\ndir " + dataDirectory() + "\n"
                + String.join("\n", directives));
        Keystore keystore = Keystores.open("memory", Map.of());
        try {
            return new TestServer(SealedKvServer.start(config, new SealingValueCodec(keystore, options),
                    ServerKeystore.fixed(keystore)), keystore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh directory, so a snapshot a test causes (save points, SAVE) lands neither in the module nor in another test. */
    private static Path dataDirectory() {
        try {
            Path dir = Files.createTempDirectory("sealedkv-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SealedKvServer server() {
        return server;
    }

    public Keystore keystore() {
        return keystore;
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
        keystore.close();
    }
}
