package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
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
    /**
     * As in Redis, the time stands still while one command, or one EXEC, holds the keyspace: no key expires
     * between the keys of one MGET or the commands of one EXEC (diff-18's F11, F12). The clock here jumps
     * 20 ms at each reading, so a lookup that read it anew would see the keys expire midway.
     */
    @Test
    void keysDoNotExpireInTheMiddleOfAnMgetOrAnExec() {
        Keyspace keyspace = server.server().keyspace();
        AtomicLong ticks = new AtomicLong(System.currentTimeMillis());
        try {
            keyspace.clock(() -> ticks.getAndAdd(20));
            String[] keys = new String[100];
            long at = ticks.get() + 20 * keys.length + 400; // past the SETs' readings, within the MGET's 100
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "k" + i;
                jedis.set(keys[i], "v", SetParams.setParams().pxAt(at));
            }
            List<String> values = jedis.mget(keys);
            assertThat(values.stream().distinct().count()).as("all there or all gone: %s", values).isEqualTo(1);

            jedis.rpush("l", "a");
            jedis.pexpire("l", 400);
            Transaction multi = jedis.multi();
            for (int i = 0; i < 100; i++) {
                multi.rpush("l", "x" + i);
            }
            List<Object> replies = multi.exec();
            long first = (Long) replies.get(0);
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i)).as("reply %d", i).isEqualTo(first + i);
            }
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
    }

    /**
     * A relative TTL counts from the command's time under the lock, as Redis counts it from its one time per
     * command (review-18c F2). The clock here reads 1000 ms later under the lock than outside it, so a TTL
     * counted from a reading before the lock would land in the past: the key would be gone at once.
     */
    @Test
    void relativeTtlsCountFromTheTimeUnderTheLock() {
        Keyspace keyspace = server.server().keyspace();
        long base = System.currentTimeMillis();
        try {
            keyspace.clock(() -> keyspace.lock().isHeldByCurrentThread() ? base + 1000 : base);
            jedis.set("expired", "v");
            assertThat(jedis.pexpire("expired", 500)).isEqualTo(1);
            jedis.set("set", "v", SetParams.setParams().px(500));
            jedis.psetex("psetex", 500, "v");
            jedis.setex("setex", 1, "v");
            for (String key : List.of("expired", "set", "psetex")) {
                assertThat(jedis.pttl(key)).as(key).isEqualTo(500);
            }
            assertThat(jedis.pttl("setex")).isEqualTo(1000);
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
    }
}
