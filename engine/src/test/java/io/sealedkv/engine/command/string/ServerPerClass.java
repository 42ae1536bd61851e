package io.sealedkv.engine.command.string;

import io.sealedkv.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

/** One server per test class; each test gets its own connection and an empty keyspace. */
abstract class ServerPerClass {
    static TestServer server;
    Jedis jedis;
    Send send;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() {
        jedis = server.jedis();
        jedis.flushAll();
        send = new Send(jedis);
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }
}
