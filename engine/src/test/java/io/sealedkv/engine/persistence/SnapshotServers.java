package io.sealedkv.engine.persistence;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Servers in one data directory over one (memory) keystore that outlives them, so a test can save,
 * stop, start again and load; and direct loads of the snapshot file into a bare keyspace.
 */
final class SnapshotServers implements AutoCloseable {
    private final Path dir;
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ValueCodec codec = new SealingValueCodec(keystore);
    private SealedKvServer server;

    SnapshotServers(Path dir) {
        this.dir = dir;
    }

    /** Starts a server in the directory; {@code directives} are extra config lines. */
    SealedKvServer start(String... directives) {
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\ndir " + dir + "\n" + String.join("\n", directives));
        try {
            server = SealedKvServer.start(config, codec);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** Stops the running server (without saving) and starts another one in the same directory. */
    SealedKvServer restart(String... directives) {
        stop();
        return start(directives);
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    SealedKvServer server() {
        return server;
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", server.port(), 10_000);
    }

    Keystore keystore() {
        return keystore;
    }

    ValueCodec codec() {
        return codec;
    }

    Path file() {
        return dir.resolve("dump.sealed");
    }

    /** The snapshot file loaded into a new keyspace of 16 databases. */
    Keyspace loadFile() throws SnapshotException {
        Keyspace keyspace = new Keyspace(16);
        try (InputStream in = Files.newInputStream(file())) {
            SnapshotReader.load(in, codec, keyspace, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keyspace;
    }

    @Override
    public void close() {
        stop();
        keystore.close();
    }
}
