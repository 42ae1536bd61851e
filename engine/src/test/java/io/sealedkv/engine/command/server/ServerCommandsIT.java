package io.sealedkv.engine.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class ServerCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void configGetTakesGlobsAndSetTakesSeveralPairs() {
        try (Jedis jedis = server.jedis()) {
            Map<String, String> max = jedis.configGet("max*");
            assertThat(max).containsEntry("maxclients", "10000").containsKey("maxmemory-policy");
            assertThat(jedis.configSet("timeout", "30", "maxclients", "500")).isEqualTo("OK");
            assertThat(jedis.configGet("timeout", "maxclients"))
                    .containsEntry("timeout", "30").containsEntry("maxclients", "500");
            assertThatThrownBy(() -> jedis.configSet("timeout", "10", "maxclients", "abc")).hasMessage(
                    "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be "
                            + "parsed into an integer");
            assertThat(jedis.configGet("timeout")).containsEntry("timeout", "30");
            assertThatThrownBy(() -> jedis.configSet("databases", "4")).hasMessage(
                    "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config");
            assertThatThrownBy(() -> jedis.configSet("nosuch", "1"))
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
            jedis.configSet("timeout", "0", "maxclients", "10000");
        }
    }

    @Test
    void protoMaxBulkLenChangesTheLimitAtOnce() throws IOException {
        try (Jedis jedis = server.jedis()) {
            jedis.configSet("proto-max-bulk-len", "1mb");
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.send("*1\r\n$1048577\r\n").read().text())
                        .isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            } finally {
                jedis.configSet("proto-max-bulk-len", "512mb");
            }
            assertThat(jedis.configGet("proto-max-bulk-len")).containsEntry("proto-max-bulk-len", "536870912");
        }
    }

    @Test
    void maxclientsRefusesTheExtraConnection() throws IOException {
        try (TestServer small = TestServer.start("maxclients 1");
             RawClient first = new RawClient(small.port())) {
            assertThat(first.send("PING\r\n").read().text()).isEqualTo("+PONG\r\n");
            try (RawClient second = new RawClient(small.port())) {
                RawClient.Answer refused = second.send("PING\r\n").read();
                assertThat(refused.text()).isEqualTo("-ERR max number of clients reached\r\n");
                assertThat(refused.closed()).isTrue();
            }
            assertThat(first.send("PING\r\n").read().text()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (TestServer strict = TestServer.start("timeout 1", "hz 100");
             RawClient idle = new RawClient(strict.port())) {
            idle.send("PING\r\n").read();
            Thread.sleep(2300);
            assertThat(idle.read().closed()).isTrue();
        }
    }

    @Test
    void commandTableAnswersCountInfoDocsAndGetkeys() {
        try (Jedis jedis = server.jedis()) {
            long count = jedis.commandCount();
            assertThat(count).isEqualTo(server.server().commands().size());
            List<Object> info = (List<Object>) jedis.sendCommand(() -> "COMMAND".getBytes(), "INFO", "get");
            List<Object> get = (List<Object>) info.get(0);
            assertThat(new String((byte[]) get.get(0))).isEqualTo("get");
            assertThat(get.get(1)).isEqualTo(2L);
            assertThat(jedis.commandGetKeys("MSET", "a", "1", "b", "2")).containsExactly("a", "b");
            assertThatThrownBy(() -> jedis.commandGetKeys("PING", "x"))
                    .hasMessage("ERR The command has no key arguments");
            var keysAndFlags = jedis.commandGetKeysAndFlags("SET", "k", "v", "GET");
            assertThat(keysAndFlags).hasSize(1);
            assertThat(keysAndFlags.get(0).getKey()).isEqualTo("k");
            assertThat(keysAndFlags.get(0).getValue()).containsExactly("RW", "access", "update");
            assertThat(jedis.commandList()).contains("get", "config|get", "client|list");
            assertThat(jedis.commandDocs("get")).containsKey("get");
        }
    }

    @Test
    void infoHasTheUsualSections() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("k", "v");
            String info = jedis.info();
            assertThat(info).contains("# Server\r\nredis_version:7.0.15\r\n", "sealedkv_version:",
                    "# Clients\r\nconnected_clients:", "# Memory\r\nused_memory:", "# Stats\r\n",
                    "# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n");
            assertThat(jedis.info("keyspace")).doesNotContain("# Server");
            assertThat(jedis.info("stats")).containsPattern("instantaneous_ops_per_sec:\\d+\r\n");
            assertThat(jedis.time()).hasSize(2);
        }
    }

    @Test
    void queryBufferLimitClosesTheClient() throws IOException {
        try (TestServer limited = TestServer.start("client-query-buffer-limit 1mb");
             RawClient client = new RawClient(limited.port())) {
            client.send("*1\r\n$3000000\r\n");
            client.send(new byte[1_200_000]);
            assertThat(client.read().closed()).isTrue();
            try (Jedis jedis = new Jedis("127.0.0.1", limited.port())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void shutdownStopsTheServer() throws Exception {
        TestServer doomed = TestServer.start();
        try (RawClient client = new RawClient(doomed.port())) {
            assertThat(client.send("SHUTDOWN FOO\r\n").read().text()).isEqualTo("-ERR syntax error\r\n");
            RawClient.Answer answer = client.send("SHUTDOWN NOSAVE\r\n").read();
            assertThat(answer.text()).isEmpty();
            doomed.server().awaitTermination();
            assertThatThrownBy(() -> new RawClient(doomed.port())).isInstanceOf(IOException.class);
        } finally {
            doomed.close();
        }
    }

    @Test
    void helpResetstatAndRewrite() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("COMMAND HELP\r\n").read().text()).startsWith("*21\r\n+COMMAND <subcommand>");
            assertThat(client.send("CONFIG HELP\r\n").read().text()).startsWith("*11\r\n+CONFIG <subcommand>");
            assertThat(client.send("CONFIG RESETSTAT\r\nINFO stats\r\n").read().text())
                    .startsWith("+OK\r\n").contains("total_connections_received:0\r\n");
            assertThat(client.send("CONFIG REWRITE\r\n").read().text())
                    .isEqualTo("-ERR The server is running without a config file\r\n");
            assertThat(client.send("COMMAND INFO nosuch\r\n").read().text()).isEqualTo("*1\r\n$-1\r\n");
        }
    }

    @Test
    void configSetPortMovesTheListener() throws IOException {
        try (TestServer moving = TestServer.start(); Jedis jedis = moving.jedis()) {
            int oldPort = moving.port();
            int newPort;
            try (ServerSocket free = new ServerSocket(0)) {
                newPort = free.getLocalPort();
            }
            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertThatThrownBy(() -> jedis.configSet("port", String.valueOf(busy.getLocalPort()))).hasMessage(
                        "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port");
            }
            assertThat(jedis.configGet("port")).containsEntry("port", String.valueOf(oldPort));
            assertThat(jedis.configSet("port", String.valueOf(oldPort))).as("the port it listens on").isEqualTo("OK");
            String bind = jedis.configGet("bind").get("bind");
            assertThat(jedis.configSet("bind", bind)).as("the addresses it listens on").isEqualTo("OK");
            assertThat(jedis.configSet("port", String.valueOf(newPort))).isEqualTo("OK");
            try (Jedis moved = new Jedis("127.0.0.1", newPort)) {
                assertThat(moved.ping()).isEqualTo("PONG");
            }
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> new RawClient(oldPort)).isInstanceOf(IOException.class);
        }
    }
}
