package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Errors a request gets before its command runs, byte for byte as Redis sends them. */
class DispatchRefusalsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static String exchange(String request, String expected) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            return client.send(request).readBytes(expected.length());
        }
    }

    @Test
    void unknownCommandQuotesArgumentsAsCStrings() throws IOException {
        String expected = "-ERR unknown command 'nosuch', with args beginning with: 'a  b' '\u00ff' \r\n";
        assertThat(exchange("*3\r\n$6\r\nnosuch\r\n$4\r\na\r\nb\r\n$3\r\n\u00ff\u0000z\r\n", expected))
                .isEqualTo(expected);
    }

    @Test
    void unknownCommandKeeps128BytesOfNameAndOfArguments() throws IOException {
        String name = "x".repeat(200);
        String first = "y".repeat(100);
        String second = "z".repeat(40);
        String expected = "-ERR unknown command '" + "x".repeat(128) + "', with args beginning with: '" + first
                + "' '" + "z".repeat(25) + "' \r\n";
        String request = "*4\r\n$200\r\n" + name + "\r\n$100\r\n" + first + "\r\n$40\r\n" + second + "\r\n$1\r\nw\r\n";
        assertThat(exchange(request, expected)).isEqualTo(expected);
    }

    @Test
    void unknownSubcommandIsACStringOfAtMost128Bytes() throws IOException {
        String expected = "-ERR unknown subcommand '\u00ff'. Try CONFIG HELP.\r\n";
        assertThat(exchange("*2\r\n$6\r\nconfig\r\n$3\r\n\u00ff\u0000z\r\n", expected)).isEqualTo(expected);
        String long200 = "\u00c3\u00a9".repeat(100);
        String cut = "-ERR unknown subcommand '" + long200.substring(0, 128) + "'. Try OBJECT HELP.\r\n";
        assertThat(exchange("*2\r\n$6\r\nOBJECT\r\n$200\r\n" + long200 + "\r\n", cut)).isEqualTo(cut);
    }

    @Test
    void commandsThatMayGrowMemoryAreRefusedOverMaxmemory() {
        Jedis jedis = server.emptyJedis();
        jedis.set("k", "v");
        jedis.configSet("maxmemory", "1");
        try {
            assertThatThrownBy(() -> jedis.set("k", "w"))
                    .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
            assertThatThrownBy(() -> jedis.append("k", "w")).hasMessageStartingWith("OOM ");
            assertThat(jedis.get("k")).isEqualTo("v");
            assertThat(jedis.del("k")).isEqualTo(1);
        } finally {
            jedis.configSet("maxmemory", "0");
        }
        assertThat(jedis.set("k", "w")).isEqualTo("OK");
    }
}
