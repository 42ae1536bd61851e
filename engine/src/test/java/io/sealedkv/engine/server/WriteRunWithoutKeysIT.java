package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.set.SetPopRun;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigLoader;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.keystore.Keystores;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A keystore reload that fails after a pipelined write run was accepted, before its hold: the run stops before its
 * first change, as the server without keys refuses the commands alone (spop-24 F3). Before, an SPOP of a large set
 * took its member under the hold and lost it when its reply could not open it.
 */
class WriteRunWithoutKeysIT {
    @TempDir
    Path dir;

    @Test
    void aReloadThatFailedBeforeTheHoldStopsTheRunBeforeAnyChange() throws Exception {
        AtomicBoolean opened = new AtomicBoolean();
        ServerKeystore keystore = ServerKeystore.reloadable(() -> {
            if (opened.getAndSet(true)) {
                throw new IllegalStateException("the keystore no longer opens");
            }
            return Keystores.open("memory", Map.of());
        });
        Config config = new Config();
        ConfigLoader.apply(config, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + dir);
        SealedKvServer server = SealedKvServer.start(config, new SealingValueCodec(keystore), keystore);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 60_000)) {
            for (int i = 0; i < 300; i++) {
                jedis.sadd("big", "member-" + i);
            }
            ClientSession session = new ClientSession(1, new EmbeddedChannel(), server, true);
            byte[][][] requests = {InterleavedRun.request("SPOP big"), InterleavedRun.request("SPOP big")};
            CommandSpec spec = server.commands().find(requests[0][0]);
            int hash = session.context().hash(requests[0][1]);
            WriteRun run = new InterleavedRun(new SetPopRun(2),
                    () -> assertThatThrownBy(keystore::reload).hasMessageContaining("no longer opens"));

            Dispatcher.WriteRunDone done = server.dispatcher().runWrites(session, run, new CommandSpec[] {spec, spec},
                    requests, new int[] {hash, hash}, 0, 2, new RuntimeException[2]);

            assertThat(done).isNull();
            assertThat(keystore.available()).isFalse();
            assertThat(jedis.scard("big")).isEqualTo(300);
        } finally {
            server.close();
            keystore.close();
        }
    }
}
