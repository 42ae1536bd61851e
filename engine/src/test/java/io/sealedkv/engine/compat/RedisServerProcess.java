package io.sealedkv.engine.compat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A real redis-server on 127.0.0.1 and a free port, without persistence, in a temporary directory. */
public final class RedisServerProcess implements AutoCloseable {
    static final String BINARY = "redis-server";

    private final Process process;
    private final Path dir;
    private final boolean ownsDir;
    private final int port;

    private RedisServerProcess(Process process, Path dir, boolean ownsDir, int port) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.port = port;
    }

    /** The redis-server found on the PATH, if any. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, BINARY))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The redis-server on the PATH; without one the calling test is skipped, or fails under {@code CI=true}. */
    static Path findOrSkip() {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            String missing = BINARY + " is not installed (not on the PATH); install it with: apt-get install -y redis-server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(missing + ". CI=true: the Redis differential tests must run in CI.");
            }
            Assumptions.assumeTrue(false, missing);
        }
        return binary.get();
    }

    /** A server in a temporary directory, deleted on close. */
    static RedisServerProcess start(Path binary) throws IOException, InterruptedException {
        return start(binary, Files.createTempDirectory("redis-differential"), true);
    }

    /**
     * The redis-server on the PATH (skipped without it, failed under {@code CI=true}) working in
     * {@code dir}, which stays after close, with extra directives, e.g. {@code "--dbfilename", "dump.rdb"}.
     */
    public static RedisServerProcess startIn(Path dir, String... directives) throws IOException, InterruptedException {
        return start(findOrSkip(), dir, false, directives);
    }

    private static RedisServerProcess start(Path binary, Path dir, boolean ownsDir, String... directives)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(directives));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServerProcess redis = new RedisServerProcess(process, dir, ownsDir, port);
        try {
            redis.awaitReady(Duration.ofSeconds(20));
        } catch (IOException | RuntimeException e) {
            String log = redis.log();
            redis.close();
            throw new IOException("redis-server did not start: " + e.getMessage() + "\n" + log, e);
        }
        return redis;
    }

    public int port() {
        return port;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("exited with status " + process.exitValue());
            }
            try (RespConnection connection = new RespConnection(port)) {
                if (connection.call("PING").type() == '+') {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no PONG within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (!ownsDir) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
