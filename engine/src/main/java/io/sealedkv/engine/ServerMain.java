package io.sealedkv.engine;

import io.netty.util.ResourceLeakDetector;
import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigFileException;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.KeystoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code sealedkv-server [config-file] [--name value ...]}: starts the server as redis-server would,
 * and stops it cleanly on SIGTERM (saving a snapshot first when save points are set) or SHUTDOWN.
 */
public final class ServerMain {
    /** A save started by a later SIGTERM or SIGINT is running (see {@link #keepServingUntilShutdown}). */
    private static final AtomicBoolean SAVING_ON_SIGNAL = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        withoutLeakTracking();
        Config config;
        try {
            config = ConfigLoader.fromArguments(args);
        } catch (ConfigFileException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            System.err.println("Fatal error, can't open config file '" + args[0] + "': " + e);
            System.exit(1);
            return;
        }
        LogSetup.logToFile(config.stringValue("logfile"));
        LogSetup.applyLevel(config.stringValue("loglevel"));
        config.parameter("loglevel").onChange(level -> LogSetup.applyLevel((String) level));
        Path dir = Path.of(config.stringValue("dir"));
        Files.createDirectories(dir);
        ServerKeystore keystore;
        try {
            keystore = KeystoreBootstrap.openForServer(config, dir);
        } catch (KeystoreException e) {
            LOG.error("Cannot open the keystore ({}): {}", e.reason(), e.getMessage());
            System.exit(1);
            return;
        }
        // Opening the keystore ran scrypt (128 MiB of working memory at the default cost): one collection
        // of the still nearly empty heap (tens of ms) gives that memory back before any data arrives.
        System.gc();
        // proto-max-bulk-len may be raised at run time but the codec's limit is fixed: the codec takes the
        // largest it allows and the protocol enforces the configured one.
        CodecOptions options = CodecOptions.DEFAULTS
                .withCompression(config.boolValue("value-compression"))
                .withCompressMinBytes(config.intValue("value-compression-min-bytes"))
                .withMaxValueBytes(CodecOptions.MAX_VALUE_BYTES_LIMIT);
        SealedKvServer server;
        try {
            server = SealedKvServer.start(config, new SealingValueCodec(keystore, options), keystore);
        } catch (IllegalStateException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            System.err.println("Cannot start: " + e.getMessage());
            keystore.close();
            System.exit(1);
            return;
        }
        Path pidFile = writePidFile(config.stringValue("pidfile"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!server.stopped()) {
                LOG.warn("Received SIGTERM scheduling shutdown...");
                if (server.persistence().savePointsSet() && !server.saveForShutdown()) {
                    keepServingUntilShutdown(server);
                }
            }
            stop(server, keystore, pidFile);
        }, "sealedkv-sigterm"));
        LOG.info("Ready to accept connections");
        server.awaitTermination();
        stop(server, keystore, pidFile);
    }

    /**
     * As Redis, a SIGTERM whose final save fails does not exit: the writes since the last snapshot would be
     * lost. The JVM is already shutting down (this runs in its hook), but the server goes on serving until
     * a SHUTDOWN stops it (which saves, or SHUTDOWN NOSAVE), or a later SIGTERM or SIGINT whose save works
     * (as Redis 7.0 tries again at the next signal; the JVM's own handler would now block); kill -9 still
     * ends it at once.
     */
    private static void keepServingUntilShutdown(SealedKvServer server) {
        LOG.error("Still serving after SIGTERM so that the data since the last snapshot is not lost: fix the"
                + " cause, then SIGTERM again, SHUTDOWN (saves and exits) or SHUTDOWN NOSAVE");
        saveAndStopOnSignal(server, "TERM");
        saveAndStopOnSignal(server, "INT");
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void saveAndStopOnSignal(SealedKvServer server, String name) {
        try {
            Signal.handle(new Signal(name), signal -> new Thread(() -> {
                if (server.stopped() || !SAVING_ON_SIGNAL.compareAndSet(false, true)) {
                    return; // stopping already, or a signal's save is running
                }
                LOG.warn("Received SIG{} scheduling shutdown...", name);
                if (server.saveForShutdown()) {
                    server.close();
                } else {
                    LOG.error("The save failed again: still serving");
                }
                SAVING_ON_SIGNAL.set(false);
            }, "sealedkv-sig" + name).start());
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot take over SIG{}: {}", name, e.getMessage());
        }
    }

    /**
     * Netty's default leak detection records a stack trace for one network buffer in 128 (about 1 % of a
     * network thread's time in profiles); the server runs without it unless {@code -Dio.netty.leakDetection.level}
     * (or its older name {@code io.netty.leakDetectionLevel}) asks for it. The test suites, which do not
     * start through here, keep Netty's default.
     */
    static void withoutLeakTracking() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static void stop(SealedKvServer server, ServerKeystore keystore, Path pidFile) {
        server.close();
        keystore.close();
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.warn("Could not remove the pid file {}: {}", pidFile, e.getMessage());
            }
        }
    }

    private static Path writePidFile(String path) throws IOException {
        if (path.isEmpty()) {
            return null;
        }
        Path file = Path.of(path);
        Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return file;
    }
}
