package io.sealedkv.engine.compat;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;

/**
 * A real redis-server and a SealedKV server side by side, for the differential tests. Without
 * redis-server the calling test is skipped (failed under {@code CI=true}).
 */
final class BothServers implements AutoCloseable {
    private final RedisServerProcess redis;
    private final TestServer sealedKv;

    private BothServers(RedisServerProcess redis, TestServer sealedKv) {
        this.redis = redis;
        this.sealedKv = sealedKv;
    }

    static BothServers start() throws IOException, InterruptedException {
        RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.findOrSkip());
        try {
            return new BothServers(redis, TestServer.start());
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    RedisServerProcess redis() {
        return redis;
    }

    TestServer sealedKv() {
        return sealedKv;
    }

    @Override
    public void close() throws IOException {
        try {
            sealedKv.close();
        } finally {
            redis.close();
        }
    }
}
