package io.sealedkv.engine.command.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.UnblockType;

/** ROLE and WAIT as a master without replicas answers them. */
class ReplicationCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void roleIsAMasterWithoutReplicas() {
        assertThat(server.jedis().role()).containsExactly("master", 0L, List.of());
    }

    @Test
    void waitForNoReplicaAnswersAtOnce() {
        Jedis jedis = server.jedis();
        assertThat(jedis.waitReplicas(0, 0)).isZero();
        assertThat(jedis.waitReplicas(-3, 0)).isZero();
    }

    @Test
    void waitForAReplicaAnswersZeroAfterItsTimeout() {
        Jedis jedis = server.jedis();
        long start = System.nanoTime();
        assertThat(jedis.waitReplicas(1, 150)).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void waitWithoutTimeoutEndsWithClientUnblock() throws Exception {
        Jedis waiting = server.jedis();
        long id = waiting.clientId();
        CompletableFuture<Long> answer = CompletableFuture.supplyAsync(() -> waiting.waitReplicas(1, 0));
        Jedis other = server.jedis();
        for (int i = 0; i < 100 && other.clientUnblock(id, UnblockType.TIMEOUT) == 0; i++) {
            Thread.sleep(20);
        }
        assertThat(answer.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void waitInsideExecAnswersAtOnce() {
        Jedis jedis = server.jedis();
        Transaction multi = jedis.multi();
        multi.waitReplicas(2, 0);
        assertThat(multi.exec()).containsExactly(0L);
    }

    @Test
    void waitRefusesBadArgumentsAsRedis() {
        Jedis jedis = server.jedis();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "WAIT".getBytes(), "a", "0"))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "WAIT".getBytes(), "1", "x"))
                .hasMessage("ERR timeout is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "WAIT".getBytes(), "1", "-1"))
                .hasMessage("ERR timeout is negative");
    }
}
