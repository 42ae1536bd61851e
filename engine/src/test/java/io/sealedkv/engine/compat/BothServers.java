package io.sealedkv.engine.compat;

import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server and a SealedKV server side by side for a differential test class, started before
 * its tests and stopped after them: {@code @RegisterExtension static final BothServers servers = new BothServers();}.
 * Without redis-server the class is skipped (failed under {@code CI=true}).
 */
final class BothServers implements BeforeAllCallback, AfterAllCallback {
    private RedisServerProcess redis;
    private TestServer sealedKv;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        redis = RedisServerProcess.start(RedisServerProcess.findOrSkip());
        try {
            sealedKv = TestServer.start();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (sealedKv != null) {
                sealedKv.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    RedisServerProcess redis() {
        return redis;
    }

    TestServer sealedKv() {
        return sealedKv;
    }
}
