package io.sealedkv.engine.testing;

import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.keystore.Keystore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * One in-process server for a test class ({@code @RegisterExtension static}): started before the
 * first test, stopped after the last; the Jedis connections it hands out are closed after each test.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final String[] directives;
    private final List<Jedis> handedOut = new CopyOnWriteArrayList<>();
    private TestServer server;

    public ServerExtension(String... directives) {
        this.directives = directives;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start(directives);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        handedOut.forEach(Jedis::close);
        handedOut.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public SealedKvServer server() {
        return server.server();
    }

    public Keystore keystore() {
        return server.keystore();
    }

    public int port() {
        return server.port();
    }

    /** A connection closed after the current test. */
    public Jedis jedis() {
        Jedis jedis = server.jedis();
        handedOut.add(jedis);
        return jedis;
    }

    /** A connection to an empty server, closed after the current test. */
    public Jedis emptyJedis() {
        Jedis jedis = jedis();
        jedis.flushAll();
        return jedis;
    }
}
