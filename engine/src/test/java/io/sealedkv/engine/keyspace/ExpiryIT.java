package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

class ExpiryIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension("hz 50");
    private Jedis jedis;
    private final List<String> propagated = new ArrayList<>();

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @Test
    void keysExpireLazilyOnAccessWithMillisecondPrecision() throws InterruptedException {
        jedis.configSet("hz", "1");
        try {
            long expiredBefore = expiredKeys();
            jedis.set("short", "v", SetParams.setParams().px(500));
            assertThat(jedis.pttl("short")).isBetween(1L, 500L);
            assertThat(jedis.get("short")).isEqualTo("v");
            Thread.sleep(700);
            assertThat(jedis.get("short")).isNull();
            assertThat(expiredKeys()).isEqualTo(expiredBefore + 1);
        } finally {
            jedis.configSet("hz", "50");
        }
    }

    @Test
    void activeCycleDeletesKeysNobodyTouches() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            jedis.psetex("volatile:" + i, 50, "v");
        }
        jedis.set("durable", "v");
        long deadline = System.currentTimeMillis() + 5000;
        while (jedis.dbSize() > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jedis.dbSize()).isEqualTo(1);
        assertThat(jedis.get("durable")).isEqualTo("v");
    }

    @Test
    void expiriesArePropagatedAsDel() throws InterruptedException {
        server.server().keyspace().writes().addPropagationListener(
                (db, argv) -> propagated.add(new String(argv[0]) + (argv.length > 1 ? " " + new String(argv[1]) : "")));
        jedis.set("gone", "v", SetParams.setParams().px(20));
        Thread.sleep(60);
        assertThat(jedis.exists("gone")).isFalse();
        assertThat(propagated).contains("DEL gone");
    }

    @Test
    void ttlCommandsFollowRedis() {
        jedis.set("k", "v");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.ttl("absent")).isEqualTo(-2);
        assertThat(jedis.expire("k", 100)).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(100);
        assertThat(jedis.persist("k")).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.pexpireAt("k", 1)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
    }

    private long expiredKeys() {
        String stats = jedis.info("stats");
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("expired_keys:")) {
                return Long.parseLong(line.substring("expired_keys:".length()));
            }
        }
        throw new AssertionError("no expired_keys in INFO");
    }
}
