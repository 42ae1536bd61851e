package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** Every change reaches the propagation listeners as one command, rewritten as Redis rewrites it; reads never. */
class PropagationIT {
    private TestServer server;
    private Jedis jedis;
    private final List<String> propagated = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start("hz 1");
        server.server().keyspace().writes().addPropagationListener((db, argv) -> {
            StringBuilder line = new StringBuilder().append(db);
            for (byte[] arg : argv) {
                line.append(' ').append(new String(arg, StandardCharsets.UTF_8));
            }
            propagated.add(line.toString());
        });
        jedis = server.jedis();
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    @Test
    void writesPropagateReadsAndNoOpsDoNot() {
        jedis.set("k", "v");
        jedis.get("k");
        jedis.del("absent");
        jedis.select(2);
        jedis.incr("n");
        assertThat(propagated).containsExactly("0 SET k v", "2 INCR n");
    }

    @Test
    void aTransactionPropagatesAsMultiItsWritesAndExec() {
        var multi = jedis.multi();
        multi.get("k");
        multi.set("k", "v");
        multi.incr("n");
        multi.exec();
        var readOnly = jedis.multi();
        readOnly.get("k");
        readOnly.exec();
        assertThat(propagated).containsExactly("0 MULTI", "0 SET k v", "0 INCR n", "0 EXEC");
    }

    @Test
    void relativeExpiriesBecomeAbsolute() {
        jedis.set("k", "v", SetParams.setParams().ex(100));
        jedis.expire("k", 50);
        assertThat(propagated.get(0)).matches("0 SET k v PXAT \\d{13}");
        assertThat(propagated.get(1)).matches("0 PEXPIREAT k \\d{13}");
    }

    @Test
    void floatIncrementsPropagateTheResult() {
        jedis.incrByFloat("f", 1.5);
        assertThat(propagated).containsExactly("0 SET f 1.5 KEEPTTL");
    }

    @Test
    void lazyExpiryPropagatesDelButNotTheRead() throws InterruptedException {
        jedis.psetex("k", 20, "v");
        propagated.clear();
        Thread.sleep(50);
        assertThat(jedis.get("k")).isNull();
        assertThat(propagated).containsExactly("0 DEL k");
    }

    @Test
    void modifiedKeysAreSignalled() {
        List<String> signals = new CopyOnWriteArrayList<>();
        server.server().keyspace().writes().addKeyspaceListener(new KeyspaceListener() {
            @Override
            public void keyModified(int database, byte[] key) {
                signals.add(database + " " + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void databaseChanged(int database) {
                signals.add(database + " *");
            }
        });
        jedis.set("k", "v");
        jedis.get("k");
        jedis.append("k", "w");
        jedis.swapDB(0, 3);
        assertThat(signals).containsExactly("0 k", "0 k", "0 *", "3 *");
    }
}
