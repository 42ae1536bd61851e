package io.sealedkv.tools;

import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import io.sealedkv.keystore.file.Passphrase;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A real server on 127.0.0.1 and a free port whose data directory and keystore file the test chooses,
 * as a deployment has them (TestServer's memory keystore cannot be read by the command line). The
 * server holds the keystore's lock until closed.
 */
final class FileKeystoreServer implements AutoCloseable {
    private final SealedKvServer server;
    private final FileKeystore keystore;

    private FileKeystoreServer(SealedKvServer server, FileKeystore keystore) {
        this.server = server;
        this.keystore = keystore;
    }

    static FileKeystoreServer start(Path dataDir, Path keystoreFile, Path passphraseFile, String... directives) {
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + dataDir + "\n"
                + String.join("\n", directives));
        FileKeystore keystore = FileKeystore.open(FileKeystoreSettings.from(Map.of(FileKeystoreSettings.PATH,
                keystoreFile.toString())), Passphrase.fromFile(passphraseFile));
        try {
            return new FileKeystoreServer(SealedKvServer.start(config, new SealingValueCodec(keystore)), keystore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            keystore.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 5000);
    }

    @Override
    public void close() {
        server.close();
        keystore.close();
    }
}
