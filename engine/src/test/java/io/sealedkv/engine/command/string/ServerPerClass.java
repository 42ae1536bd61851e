package io.sealedkv.engine.command.string;

import io.sealedkv.engine.testing.ServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** One server per test class (through {@link ServerExtension}); each test gets its own connection and an empty keyspace. */
abstract class ServerPerClass {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    Jedis jedis;
    Send send;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        send = new Send(jedis);
    }
}
