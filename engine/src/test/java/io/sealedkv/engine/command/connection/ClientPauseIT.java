package io.sealedkv.engine.command.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientPauseMode;

/** CLIENT PAUSE [WRITE|ALL] and CLIENT UNPAUSE: which commands wait, until when, and expiry held meanwhile. */
class ClientPauseIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @AfterEach
    void unpause() {
        server.jedis().clientUnpause();
    }

    @Test
    void writePauseHoldsWritesAndPublishButNotReadsUntilUnpause() throws Exception {
        Jedis admin = server.emptyJedis();
        admin.set("k", "before");
        assertThat(admin.clientPause(60_000, ClientPauseMode.WRITE)).isEqualTo("OK");
        Jedis writer = server.jedis();
        Jedis publisher = server.jedis();
        CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> writer.set("k", "after"));
        CompletableFuture<Long> publish = CompletableFuture.supplyAsync(() -> publisher.publish("ch", "m"));
        Jedis reader = server.jedis();
        assertThat(reader.get("k")).isEqualTo("before");
        assertThat(reader.dbSize()).isEqualTo(1);
        assertThatThrownBy(() -> write.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(publish).isNotDone();
        assertThat(admin.clientUnpause()).isEqualTo("OK");
        assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
        assertThat(publish.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(reader.get("k")).isEqualTo("after");
    }

    @Test
    void allPauseHoldsEveryCommandUntilTheTimeoutEnds() throws Exception {
        Jedis admin = server.emptyJedis();
        Jedis reader = server.jedis();
        long start = System.nanoTime();
        admin.clientPause(300, ClientPauseMode.ALL);
        assertThat(reader.ping()).isEqualTo("PONG");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void keysAreNotExpiredWhilePausedButReadAsMissing() throws Exception {
        Jedis jedis = server.emptyJedis();
        long expiredBefore = server.server().keyspace().stats().expiredKeys();
        jedis.psetex("short", 50, "v");
        jedis.clientPause(60_000, ClientPauseMode.WRITE);
        Eventually.until(Duration.ofSeconds(10), () -> jedis.get("short") == null);
        assertThat(jedis.dbSize()).as("the expired key stays while paused").isEqualTo(1);
        assertThat(server.server().keyspace().stats().expiredKeys()).isEqualTo(expiredBefore);
        jedis.clientUnpause();
        assertThat(jedis.get("short")).isNull();
        Eventually.until(Duration.ofSeconds(10), () -> jedis.dbSize() == 0);
    }

    @Test
    void argumentsAreCheckedAsRedisDoes() {
        Jedis jedis = server.jedis();
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "abc"))
                .hasMessage("ERR timeout is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "10", "foo"))
                .hasMessage("ERR CLIENT PAUSE mode must be WRITE or ALL");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "-1"))
                .hasMessage("ERR timeout is negative");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "10", "write", "extra"))
                .hasMessage("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.");
    }

    @Test
    void errorsAreAnsweredAtOnceAndAHeldClientCountsAsBlocked() throws Exception {
        Jedis admin = server.emptyJedis();
        admin.aclSetUser("pause-reader", "on", "nopass", "+get", "~*");
        try (RawClient raw = new RawClient(server.port()); RawClient limited = new RawClient(server.port())) {
            limited.send("AUTH pause-reader x\r\n");
            assertThat(limited.read().text()).isEqualTo("+OK\r\n");
            admin.clientPause(60_000, ClientPauseMode.WRITE);
            limited.send("SET k v\r\n");
            assertThat(limited.read().text()).isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
            raw.send("SET k\r\nFOO\r\nSET k v\r\nGET k\r\n");
            assertThat(raw.read().text()).as("redis-server 7.0.15 answers both errors, then holds the SET")
                    .isEqualTo("-ERR wrong number of arguments for 'set' command\r\n"
                            + "-ERR unknown command 'FOO', with args beginning with: \r\n");
            Eventually.until(Duration.ofSeconds(10), () -> admin.info("clients").contains("blocked_clients:1\r\n"));
            assertThat(admin.clientList()).containsPattern("flags=b .* cmd=set ");
            admin.clientUnpause();
            assertThat(raw.read().text()).isEqualTo("+OK\r\n$1\r\nv\r\n");
            assertThat(admin.info("clients")).contains("blocked_clients:0\r\n");
        } finally {
            admin.aclDelUser("pause-reader");
        }
    }

    @Test
    void anUnauthenticatedCommandGetsNoauthAtOnceUnderPauseAll() throws Exception {
        try (TestServer secured = TestServer.start("requirepass s3cret"); Jedis admin = secured.jedis();
                RawClient raw = new RawClient(secured.port())) {
            admin.auth("s3cret");
            admin.clientPause(60_000, ClientPauseMode.ALL);
            raw.send("GET k\r\n");
            assertThat(raw.read().text()).isEqualTo("-NOAUTH Authentication required.\r\n");
            raw.send("AUTH s3cret\r\nPING\r\n");
            assertThat(raw.read().text()).as("AUTH itself waits under ALL, as in Redis").isEmpty();
            secured.server().clientPause().unpause();
            assertThat(raw.read().text()).isEqualTo("+OK\r\n+PONG\r\n");
        }
    }
}
