package io.sealedkv.tools.rdb;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * A real redis-server on 127.0.0.1 and a free port, saving only on SAVE, in {@code dir} with {@code dbfilename}.
 * Without redis-server the calling test is skipped, except under {@code CI=true}, where it fails.
 */
final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RedisProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        Path found = Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (found == null) {
            String missing = "redis-server is not installed (apt-get install -y redis-server)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + ". CI=true: the RDB migration tests against Redis must run in CI.");
            }
            assumeTrue(false, missing);
        }
        return found;
    }

    static RedisProcess start(Path dir, String dbfilename, String... directives) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", dbfilename, "--enable-debug-command", "local"));
        command.addAll(List.of(directives));
        Path log = dir.resolve("redis-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisProcess redis = new RedisProcess(process, port, log);
        redis.awaitReady();
        return redis;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(log));
            }
            try (Jedis jedis = jedis()) {
                // a server still loading its RDB answers -LOADING
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server not ready: " + e.getMessage() + "\n" + Files.readString(log), e);
                }
            }
            Thread.sleep(20);
        }
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port, 10_000);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
