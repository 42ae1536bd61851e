package io.sealedkv.engine.command.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** CLIENT UNBLOCK id [TIMEOUT|ERROR] on clients blocked in BLPOP and BZPOPMIN, with Redis's replies and errors. */
class ClientUnblockIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void unblockAsATimeoutRepliesWithTheNullOfATimeout() throws Exception {
        Jedis admin = server.emptyJedis();
        Jedis blocked = server.jedis();
        long id = blocked.clientId();
        assertThat(admin.clientUnblock(id)).as("not blocked yet").isZero();
        CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "empty"));
        Eventually.until(Duration.ofSeconds(10), () -> admin.clientUnblock(id) == 1);
        assertThat(popped.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(blocked.ping()).isEqualTo("PONG");
        assertThat(admin.clientUnblock(id)).isZero();
    }

    @Test
    void unblockWithErrorFailsTheBlockedCommand() throws Exception {
        Jedis admin = server.emptyJedis();
        Jedis blocked = server.jedis();
        long id = blocked.clientId();
        CompletableFuture<Object> popped = CompletableFuture.supplyAsync(() -> blocked.bzpopmin(0, "empty"));
        Eventually.until(Duration.ofSeconds(10), () -> (Long) admin.sendCommand(
                redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", String.valueOf(id), "ERROR") == 1);
        assertThatThrownBy(() -> popped.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(JedisDataException.class)
                .cause().hasMessage("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        admin.lpush("empty-list", "x");
        assertThat(blocked.lpop("empty-list")).isEqualTo("x");
    }

    @Test
    void argumentsAreCheckedAsRedisDoes() {
        Jedis jedis = server.jedis();
        assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", "1", "later"))
                .hasMessage("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", "abc"))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", "1",
                "timeout", "x"))
                .hasMessage("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.");
        assertThat(jedis.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", "99999")).isEqualTo(0L);
    }
}
