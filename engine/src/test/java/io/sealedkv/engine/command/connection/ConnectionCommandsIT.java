package io.sealedkv.engine.command.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.util.SafeEncoder;

class ConnectionCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void pingEchoSelect() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.ping("hi")).isEqualTo("hi");
            assertThat(jedis.echo("x")).isEqualTo("x");
            assertThat(jedis.select(15)).isEqualTo("OK");
            assertThatThrownBy(() -> jedis.select(16)).hasMessage("ERR DB index is out of range");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "PING".getBytes(), "a", "b"))
                    .hasMessage("ERR wrong number of arguments for 'ping' command");
        }
    }

    @Test
    void clientListIdListsOneLinePerIdArgumentInArgumentOrder() {
        try (Jedis first = server.jedis(); Jedis second = server.jedis()) {
            long a = first.clientId();
            long b = second.clientId();
            String list = SafeEncoder.encode((byte[]) first.sendCommand(() -> "CLIENT".getBytes(), "LIST", "ID",
                    String.valueOf(b), "99999999", String.valueOf(a), String.valueOf(b), "0", "-1"));
            assertThat(list.lines().map(line -> line.substring(0, line.indexOf(' '))))
                    .containsExactly("id=" + b, "id=" + a, "id=" + b);
            assertThatThrownBy(() -> first.sendCommand(() -> "CLIENT".getBytes(), "LIST", "ID", "1", "x"))
                    .hasMessage("ERR Invalid client ID");
        }
    }

    @Test
    void clientListFlagsAMonitorWithO() throws IOException {
        try (Jedis admin = server.jedis(); RawClient monitor = new RawClient(server.port())) {
            String id = monitor.send("CLIENT ID\r\n").read().text().substring(1).trim();
            assertThat(monitor.send("MONITOR\r\n").read().text()).isEqualTo("+OK\r\n");
            assertThat(lineOf(admin, id)).contains(" flags=O ");
            monitor.send("RESET\r\n").read();
            assertThat(lineOf(admin, id)).contains(" flags=N ");
        }
    }

    @Test
    void aTransactionThatWillNotRunQueuesNothingMore() throws IOException {
        try (Jedis admin = server.jedis(); RawClient client = new RawClient(server.port())) {
            String id = client.send("CLIENT ID\r\n").read().text().substring(1).trim();
            client.send("MULTI\r\nSET a 1\r\nNOSUCH\r\nGET x\r\n").read();
            assertThat(lineOf(admin, id)).as("as Redis 7.0: not after a refused command").contains(" multi=1 ");
            assertThat(client.send("EXEC\r\n").read().text()).startsWith("-EXECABORT");
            client.send("WATCH w\r\n").read();
            admin.set("w", "changed");
            client.send("MULTI\r\nGET w\r\nGET x\r\n").read();
            assertThat(lineOf(admin, id)).as("nor after a watched key changed").contains(" flags=xd ")
                    .contains(" multi=0 ").contains(" multi-mem=0 ");
            assertThat(client.send("EXEC\r\n").read().text()).isEqualTo("*-1\r\n");
            admin.del("w");
        }
    }

    private static String lineOf(Jedis admin, String id) {
        return SafeEncoder.encode((byte[]) admin.sendCommand(() -> "CLIENT".getBytes(), "LIST", "ID", id));
    }

    @Test
    void clientListOmemShowsTheReplyBytesAClientHasNotReadYet() throws Exception {
        try (Jedis jedis = server.jedis(); RawClient stalled = new RawClient(server.port())) {
            jedis.set("omem:big".getBytes(), new byte[4 * 1024 * 1024]);
            assertThat(jedis.clientInfo()).contains(" omem=0 ");
            stalled.send("CLIENT ID\r\n");
            String id = stalled.read().text().substring(1).trim();
            // 40 MB of replies the socket buffers cannot all take while the client does not read
            stalled.send("GET omem:big\r\n".repeat(10));
            io.sealedkv.engine.testing.Eventually.until(java.time.Duration.ofSeconds(20), () -> {
                for (String line : jedis.clientList().split("\n")) {
                    if (line.startsWith("id=" + id + " ")) {
                        long omem = Long.parseLong(line.replaceAll(".* omem=(\\d+) .*", "$1"));
                        return omem > 1024 * 1024;
                    }
                }
                return false;
            });
            jedis.del("omem:big");
        }
    }

    @Test
    void clientListCountsAPartRequestAsQbufAndQueuedCommandsAsMultiMem() throws Exception {
        try (Jedis jedis = server.jedis(); RawClient inMulti = new RawClient(server.port());
             RawClient partial = new RawClient(server.port())) {
            String multiId = idOf(inMulti);
            inMulti.send("MULTI\r\n");
            assertThat(inMulti.read().text()).startsWith("+OK");
            inMulti.send("SET queued " + "v".repeat(1000) + "\r\n");
            assertThat(inMulti.read().text()).startsWith("+QUEUED");
            String partialId = idOf(partial);
            partial.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$500\r\n" + "x".repeat(300));

            io.sealedkv.engine.testing.Eventually.until(java.time.Duration.ofSeconds(10),
                    () -> field(jedis.clientList(), partialId, "qbuf") >= 300);
            String list = jedis.clientList();
            assertThat(field(list, partialId, "tot-mem")).isGreaterThanOrEqualTo(field(list, partialId, "qbuf"));
            assertThat(field(list, multiId, "multi-mem")).isGreaterThanOrEqualTo(1000);
            assertThat(field(list, multiId, "tot-mem")).isGreaterThanOrEqualTo(1000);
            inMulti.send("DISCARD\r\n");
            assertThat(inMulti.read().text()).startsWith("+OK");
            assertThat(field(jedis.clientList(), multiId, "multi-mem")).isZero();
            assertThat(field(jedis.clientList(), String.valueOf(jedis.clientId()), "qbuf")).isZero();
        }
    }

    private static String idOf(RawClient client) throws Exception {
        client.send("CLIENT ID\r\n");
        return client.read().text().substring(1).trim();
    }

    private static long field(String clientList, String id, String name) {
        for (String line : clientList.split("\n")) {
            if (line.startsWith("id=" + id + " ")) {
                return Long.parseLong(line.replaceAll(".* " + name + "=(\\d+) .*", "$1").trim());
            }
        }
        throw new AssertionError("no client " + id + " in " + clientList);
    }

    @Test
    void clientNamesIdsAndList() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.clientSetname("first");
            assertThat(jedis.clientGetname()).isEqualTo("first");
            long id = jedis.clientId();
            assertThat(jedis.clientList()).contains("id=" + id + " ").contains("name=first");
            assertThat(jedis.clientInfo()).startsWith("id=" + id + " ");
            assertThatThrownBy(() -> jedis.clientSetname("with space"))
                    .hasMessage("ERR Client names cannot contain spaces, newlines or special characters.");
            other.ping();
            assertThat(jedis.clientKill(ClientKillParams.clientKillParams()
                    .id(String.valueOf(other.clientId())))).isEqualTo(1);
            assertThatThrownBy(other::ping).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void clientReplyOffSkipAndOn() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.send("CLIENT NO-EVICT on\r\nCLIENT NO-EVICT maybe\r\nCLIENT INFO\r\n").read().text())
                    .startsWith("+OK\r\n-ERR syntax error\r\n").contains(" flags=e ");
            String replies = client.send("CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY SKIP\r\nPING\r\n"
                    + "CLIENT REPLY ON\r\nPING\r\n").read().text();
            assertThat(replies).isEqualTo("+OK\r\n+PONG\r\n");
        }
    }

    /** As Redis, CLIENT REPLY SKIP while OFF leaves the replies off (review-19b F4). */
    @Test
    void clientReplySkipWhileOffKeepsRepliesOff() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("SET a 5\r\nCLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nGET a\r\nGET a\r\n"
                    + "CLIENT REPLY ON\r\nPING\r\n").read().text();
            assertThat(replies).isEqualTo("+OK\r\n+OK\r\n+PONG\r\n");
        }
    }

    /** As Redis, CLIENT REPLY OFF queued in a transaction silences the rest of the EXEC reply (fuzz-19's D5). */
    @Test
    void clientReplyOffInsideExecSilencesTheRestOfItsReply() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("MULTI\r\nCLIENT REPLY OFF\r\nSET a 1\r\nEXEC\r\nCLIENT REPLY ON\r\nGET a\r\n")
                    .read().text();
            assertThat(replies).isEqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n");
        }
    }

    /** As Redis 7.0, RESET turns replies back on before its own +RESET, except after SKIP (fuzz-20's E1). */
    @Test
    void resetAnswersAfterClientReplyOffButNotAfterSkip() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("CLIENT REPLY OFF\r\nRESET\r\nPING a\r\nCLIENT REPLY SKIP\r\nRESET\r\n"
                    + "PING b\r\n").read().text();
            assertThat(replies).isEqualTo("+RESET\r\n$1\r\na\r\n$1\r\nb\r\n");
        }
    }

    /** Subscription confirmations are pushes: CLIENT REPLY OFF does not hold them back (fuzz-20's E2). */
    @Test
    void subscriptionConfirmationsComeThroughClientReplyOff() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("CLIENT REPLY OFF\r\nSUBSCRIBE a\r\nUNSUBSCRIBE a\r\nRESET\r\n")
                    .read().text();
            assertThat(replies).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
                    + "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n+RESET\r\n");
        }
    }

    /** As Redis 7.0, a command run by EXEC sees the transaction: flag x, multi counting what EXEC runs (E6). */
    @Test
    void clientInfoRunByExecSeesTheTransaction() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("MULTI\r\nPING\r\nCLIENT INFO\r\nEXEC\r\nCLIENT INFO\r\n").read().text();
            String inside = replies.substring(replies.indexOf("id="), replies.indexOf("\n", replies.indexOf("id=")));
            String after = replies.substring(replies.lastIndexOf("id="));
            assertThat(inside).contains(" flags=x ").contains(" multi=2 ");
            assertThat(after).contains(" flags=N ").contains(" multi=-1 ");
        }
    }

    /** As Redis 7.0: flag d from a watched key's change until EXEC or UNWATCH forgets the watch (fuzz-20 E6). */
    @Test
    void clientInfoFlagsAChangedWatchedKey() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.watch("k");
            assertThat(jedis.clientInfo()).contains(" flags=N ");
            other.set("k", "1");
            assertThat(jedis.clientInfo()).contains(" flags=d ");
            jedis.unwatch();
            assertThat(jedis.clientInfo()).contains(" flags=N ");
            jedis.watch("k");
            other.flushAll();
            jedis.clientNoEvictOn();
            assertThat(jedis.clientInfo()).contains(" flags=de ");
            Transaction transaction = jedis.multi();
            transaction.set("k", "2");
            assertThat(transaction.exec()).isNull();
            assertThat(jedis.clientInfo()).contains(" flags=e ");
        }
    }

    /** Redis 7.0.15's RESET keeps CLIENT NO-EVICT (it clears it from 7.2 on). */
    @Test
    void resetKeepsNoEvict() {
        try (Jedis jedis = server.jedis()) {
            jedis.clientNoEvictOn();
            assertThat(jedis.sendCommand(() -> "RESET".getBytes())).isEqualTo("RESET".getBytes());
            assertThat(jedis.clientInfo()).contains(" flags=e ");
        }
    }

    @Test
    void unknownSubcommandsPointToHelp() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(() -> "CLIENT".getBytes(), "FLY"))
                    .hasMessage("ERR unknown subcommand 'FLY'. Try CLIENT HELP.");
        }
    }

    @Test
    void resetRestoresTheInitialState() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            String replies = client.send("HELLO 3\r\nSELECT 2\r\nRESET\r\nGET nokey\r\nCLIENT INFO\r\n").read().text();
            assertThat(replies).contains("+RESET\r\n$-1\r\n").contains(" db=0 ").endsWith("resp=2\n\r\n");
        }
    }

    @Test
    void passwordProtectedServerRequiresAuth() throws IOException {
        try (TestServer secured = TestServer.start("requirepass s3cret");
             RawClient client = new RawClient(secured.port())) {
            assertThat(client.send("GET k\r\n").read().text()).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.send("AUTH wrong\r\n").read().text())
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(client.send("*12\r\n").read().text())
                    .isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        }
        try (TestServer secured = TestServer.start("requirepass s3cret");
             RawClient client = new RawClient(secured.port())) {
            assertThat(client.send("HELLO 3 AUTH default s3cret\r\n").read().text()).startsWith("%7\r\n");
            assertThat(client.send("GET k\r\n").read().text()).isEqualTo("_\r\n");
        }
    }

    @Test
    void authWithoutPasswordConfiguredIsAnError() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> jedis.auth("x")).hasMessageStartingWith(
                    "ERR AUTH <password> called without any password configured for the default user.");
        }
    }

    @Test
    void protectedModeRefusesNonLoopbackClientsWithoutAPassword() throws Exception {
        InetAddress external = externalAddress();
        assumeTrue(external != null, "no non-loopback interface");
        try (TestServer open = TestServer.start("bind " + external.getHostAddress());
             Socket socket = new Socket(external, open.port())) {
            socket.setSoTimeout(2000);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("-DENIED Redis is running in protected mode");
        }
    }

    private static InetAddress externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof Inet4Address && nic.isUp()) {
                    return address;
                }
            }
        }
        return null;
    }
}
