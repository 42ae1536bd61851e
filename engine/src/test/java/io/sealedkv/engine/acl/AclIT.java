package io.sealedkv.engine.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlLogEntry;
import redis.clients.jedis.resps.AccessControlUser;

/** The ACL matrix over real sockets: users, rules, denials with Redis 7.0's errors, ACL LOG, disconnects. */
class AclIT {
    private static final String NO_COMMAND = "NOPERM this user has no permissions to run the '%s' command";
    private static final String NO_KEY = "NOPERM this user has no permissions to access one of the keys used as arguments";
    private static final String NO_CHANNEL =
            "NOPERM this user has no permissions to access one of the channels used as arguments";
    private static final String CHANGED_BEFORE_EXEC = "NOPERM ACLs rules changed between the moment the transaction"
            + " was accumulated and the EXEC call. This command is no longer allowed for the following reason:"
            + " no permission to ";
    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Jedis as(String user, String password) {
        Jedis jedis = server.jedis();
        jedis.auth(user, password);
        return jedis;
    }

    @Test
    void allowedCommandRunsAndOtherCommandsAreDenied() {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m1", "on", ">pw", "~*", "+get", "+set", "+acl|whoami");
            try (Jedis user = as("m1", "pw")) {
                assertThat(user.set("k", "v")).isEqualTo("OK");
                assertThat(user.get("k")).isEqualTo("v");
                assertThatThrownBy(() -> user.del("k")).hasMessage(NO_COMMAND.formatted("del"));
                assertThatThrownBy(() -> user.configGet("port")).hasMessage(NO_COMMAND.formatted("config|get"));
                assertThat(user.aclWhoAmI()).isEqualTo("m1");
            }
        }
    }

    @Test
    void deniedCategory() {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m2", "on", ">pw", "~*", "+@all", "-@dangerous", "-@hash");
            try (Jedis user = as("m2", "pw")) {
                assertThat(user.incr("counter")).isEqualTo(1);
                assertThatThrownBy(user::flushAll).hasMessage(NO_COMMAND.formatted("flushall"));
                assertThatThrownBy(() -> user.hset("h", "f", "v")).hasMessage(NO_COMMAND.formatted("hset"));
            }
            assertThat(admin.aclGetUser("m2").getCommands()).isEqualTo("+@all -@dangerous -@hash");
        }
    }

    @Test
    void wrongPasswordDisabledUserAndUnknownUserAllGetWrongpass() {
        try (Jedis admin = server.jedis(); Jedis client = server.jedis()) {
            admin.aclSetUser("m3", "off", ">pw", "~*", "+@all");
            assertThatThrownBy(() -> client.auth("m3", "pw")).hasMessage(WRONGPASS);
            admin.aclSetUser("m3", "on");
            assertThatThrownBy(() -> client.auth("m3", "nope")).hasMessage(WRONGPASS);
            assertThatThrownBy(() -> client.auth("nosuchuser", "pw")).hasMessage(WRONGPASS);
            assertThat(client.auth("m3", "pw")).isEqualTo("OK");
            assertThat(client.aclWhoAmI()).isEqualTo("m3");
        }
    }

    @Test
    void keyPatternsWithReadAndWriteAccess() {
        try (Jedis admin = server.jedis()) {
            admin.set("r1", "x");
            admin.set("w1", "x");
            admin.aclSetUser("m4", "on", ">pw", "~k*", "%R~r*", "%W~w*", "+@all");
            try (Jedis user = as("m4", "pw")) {
                assertThat(user.set("k1", "v")).isEqualTo("OK");
                assertThat(user.get("r1")).isEqualTo("x");
                assertThatThrownBy(() -> user.set("r1", "v")).hasMessage(NO_KEY);
                assertThat(user.set("w1", "v")).isEqualTo("OK");
                assertThatThrownBy(() -> user.get("w1")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.get("other")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.rename("k1", "other")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.zunionstore("k2", "k3", "secret")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.zunionstore("r2", "k3")).hasMessage(NO_KEY);
                assertThat(user.zunionstore("k2", "k3", "r3")).isZero();
                assertThatThrownBy(() -> user.lmpop(redis.clients.jedis.args.ListDirection.LEFT, "k4", "r4"))
                        .hasMessage(NO_KEY);
            }
            assertThat(admin.aclGetUser("m4").getKeys()).isEqualTo("~k* %R~r* %W~w*");
        }
    }

    @Test
    void channelPatterns() throws IOException {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m5", "on", ">pw", "resetchannels", "&news.*", "+@all");
            try (Jedis user = as("m5", "pw")) {
                assertThat(user.publish("news.today", "m")).isZero();
                assertThatThrownBy(() -> user.publish("sports", "m")).hasMessage(NO_CHANNEL);
            }
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("AUTH m5 pw\r\n").read();
            assertThat(raw.send("SUBSCRIBE news.a sports\r\n").read().text()).isEqualTo("-" + NO_CHANNEL + "\r\n");
            assertThat(raw.send("PSUBSCRIBE news*\r\n").read().text()).isEqualTo("-" + NO_CHANNEL + "\r\n");
            assertThat(raw.send("PSUBSCRIBE news.*\r\n").read().text()).startsWith("*3\r\n$10\r\npsubscribe\r\n");
        }
    }

    /** As Redis 7.0, with its own words at EXEC for rules changed since the command was queued. */
    @Test
    void multiExecDeniedAtQueueTimeAndAtExec() throws IOException {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m6", "on", ">pw", "~*", "&*", "+multi", "+exec", "+get", "+set", "+publish");
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("AUTH m6 pw\r\n").read();
            raw.send("MULTI\r\n").read();
            assertThat(raw.send("DEL a\r\n").read().text()).isEqualTo("-" + NO_COMMAND.formatted("del") + "\r\n");
            assertThat(raw.send("EXEC\r\n").read().text())
                    .isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            raw.send("MULTI\r\n").read();
            assertThat(raw.send("SET a 1\r\n").read().text()).isEqualTo("+QUEUED\r\n");
            assertThat(raw.send("GET a\r\n").read().text()).isEqualTo("+QUEUED\r\n");
            try (Jedis admin = server.jedis()) {
                admin.aclSetUser("m6", "-get");
            }
            assertThat(raw.send("EXEC\r\n").read().text())
                    .isEqualTo("*2\r\n+OK\r\n-" + CHANGED_BEFORE_EXEC + "execute the command or subcommand\r\n");
            raw.send("MULTI\r\nSET a 2\r\nSET b 1\r\n").read();
            try (Jedis admin = server.jedis()) {
                admin.aclSetUser("m6", "resetkeys", "~a");
            }
            assertThat(raw.send("EXEC\r\n").read().text())
                    .isEqualTo("*2\r\n+OK\r\n-" + CHANGED_BEFORE_EXEC + "touch the specified keys\r\n");
            raw.send("MULTI\r\nPUBLISH x m\r\n").read();
            try (Jedis admin = server.jedis()) {
                admin.aclSetUser("m6", "resetchannels", "&y");
            }
            assertThat(raw.send("EXEC\r\n").read().text()).isEqualTo("*1\r\n-" + CHANGED_BEFORE_EXEC
                    + "access one of the channels used as arguments\r\n");
        }
        try (Jedis admin = server.jedis()) {
            assertThat(admin.aclLog()).anySatisfy(entry -> {
                assertThat(entry.getContext()).isEqualTo("multi");
                assertThat(entry.getObject()).isEqualTo("get");
            });
        }
    }

    @Test
    void aclLogRecordsDenialsAndFailedAuthWithoutPasswords() {
        try (Jedis admin = server.jedis()) {
            admin.aclLogReset();
            admin.aclSetUser("m7", "on", ">topsecret", "~k*", "+get");
            try (Jedis user = server.jedis()) {
                assertThatThrownBy(() -> user.auth("m7", "guess-1")).hasMessage(WRONGPASS);
                user.auth("m7", "topsecret");
                assertThatThrownBy(() -> user.get("x")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.get("x")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.del("k")).hasMessage(NO_COMMAND.formatted("del"));
            }
            List<AccessControlLogEntry> log = admin.aclLog();
            assertThat(log).hasSize(3);
            AccessControlLogEntry command = log.get(0);
            assertThat(command.getReason()).isEqualTo("command");
            assertThat(command.getObject()).isEqualTo("del");
            assertThat(command.getContext()).isEqualTo("toplevel");
            assertThat(command.getUsername()).isEqualTo("m7");
            assertThat(command.getClientInfo()).containsEntry("user", "m7").containsEntry("cmd", "del");
            AccessControlLogEntry key = log.get(1);
            assertThat(key.getReason()).isEqualTo("key");
            assertThat(key.getObject()).isEqualTo("x");
            assertThat(key.getCount()).isEqualTo(2);
            AccessControlLogEntry auth = log.get(2);
            assertThat(auth.getReason()).isEqualTo("auth");
            assertThat(auth.getObject()).as("the command name as the client spelled it").isEqualTo("AUTH");
            assertThat(auth.getUsername()).isEqualTo("m7");
            assertThat(auth.getAgeSeconds()).isGreaterThanOrEqualTo(0);
            assertThat(log.toString()).doesNotContain("guess-1").doesNotContain("topsecret");
            assertThat(admin.aclLog(1)).hasSize(1);
            assertThat(admin.aclLogReset()).isEqualTo("OK");
            assertThat(admin.aclLog()).isEmpty();
        }
    }

    @Test
    void passwordsAreStoredAsSha256() throws NoSuchAlgorithmException {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m8", "on", ">pa55word", "#" + "a".repeat(64));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest("pa55word".getBytes(StandardCharsets.UTF_8)));
            AccessControlUser user = admin.aclGetUser("m8");
            assertThat(user.getPassword()).containsExactly(hash, "a".repeat(64));
            assertThat(admin.aclList()).contains("user m8 on #" + hash + " #" + "a".repeat(64)
                    + " resetchannels -@all");
            admin.aclSetUser("m8", "<pa55word", "!" + "a".repeat(64));
            assertThat(admin.aclGetUser("m8").getPassword()).isEmpty();
        }
    }

    @Test
    void authArgumentsAndSetuserRulesAreRedactedInSlowlogEvenWithValuesShown() {
        try (Jedis admin = server.jedis()) {
            admin.configSet("slowlog-log-slower-than", "0");
            admin.configSet("show-argument-values", "yes");
            try {
                admin.slowlogReset();
                admin.aclSetUser("m9", "on", ">hunter2", "+@all");
                try (Jedis user = server.jedis()) {
                    user.auth("m9", "hunter2");
                }
                String slowlog = admin.slowlogGet(10).toString();
                assertThat(slowlog).doesNotContain("hunter2").contains("(redacted)");
            } finally {
                admin.configSet("slowlog-log-slower-than", "10000");
                admin.configSet("show-argument-values", "no");
            }
        }
    }

    @Test
    void selectorsGrantMoreAndTheMostTellingDenialIsReported() {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m14", "on", ">pw", "~a*", "+get", "(~b*", "+set)", "(%R~c*", "&ch", "+@read", "-get)");
            assertThat(admin.aclList()).contains("user m14 on #" + Permissions.sha256Hex("pw".getBytes(
                    StandardCharsets.UTF_8)) + " ~a* resetchannels -@all +get (~b* resetchannels -@all +set) "
                    + "(%R~c* resetchannels &ch -@all +@read -get)");
            try (Jedis user = as("m14", "pw")) {
                assertThat(user.get("a1")).isNull();
                assertThat(user.set("b1", "v")).isEqualTo("OK");
                assertThat(user.strlen("c1")).isZero();
                assertThatThrownBy(() -> user.set("a1", "v")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.get("b1")).hasMessage(NO_KEY);
                assertThatThrownBy(() -> user.del("a1")).hasMessage(NO_COMMAND.formatted("del"));
            }
            assertThatThrownBy(() -> admin.aclSetUser("m14", "(~x")).hasMessage(
                    "ERR Unmatched parenthesis in acl selector starting at '(~x'.");
            admin.aclSetUser("m14", "clearselectors");
            assertThat(admin.aclDryRun("m14", "set", "b1", "v")).isEqualTo(
                    "This user has no permissions to run the 'set' command");
        }
    }

    @Test
    void monitorNeverShowsPasswordsAndHelloAuthFailuresAreLogged() throws IOException {
        try (Jedis admin = server.jedis(); RawClient monitor = new RawClient(server.port())) {
            admin.aclSetUser("m13", "on", ">swordfish", "+@all", "~*");
            assertThat(monitor.send("MONITOR\r\n").read().text()).isEqualTo("+OK\r\n");
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.send("Hello 3 AUTH m13 wrong-guess\r\n").read().text())
                        .isEqualTo("-" + WRONGPASS + "\r\n");
                assertThat(client.send("AUTH m13 swordfish\r\n").read().text()).isEqualTo("+OK\r\n");
                assertThat(client.send("PING\r\n").read().text()).isEqualTo("+PONG\r\n");
            }
            StringBuilder shown = new StringBuilder();
            for (int reads = 0; reads < 10 && !shown.toString().contains("\"PING\""); reads++) {
                shown.append(monitor.read().text());
            }
            assertThat(shown.toString()).containsIgnoringCase("\"auth\"").doesNotContain("swordfish")
                    .doesNotContain("wrong-guess")
                    .doesNotContain("m13");
            assertThat(admin.aclLog(1).get(0).getObject()).as("as the client spelled it").isEqualTo("Hello");
        }
    }

    @Test
    void deluserDisconnectsTheUsersClientsAndClientListNamesUsers() throws IOException {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m10", "on", ">pw", "+@all", "~*");
            try (RawClient raw = new RawClient(server.port())) {
                raw.send("AUTH m10 pw\r\n").read();
                assertThat(admin.clientList()).contains("user=m10").contains("user=default");
                assertThat(admin.aclDelUser("m10")).isEqualTo(1);
                assertThat(raw.read().closed()).isTrue();
            }
            assertThat(admin.aclUsers()).doesNotContain("m10");
        }
    }

    @Test
    void clientKillUser() throws IOException {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m11", "on", ">pw", "+@all", "~*");
            try (RawClient raw = new RawClient(server.port())) {
                raw.send("AUTH m11 pw\r\n").read();
                assertThat(admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "USER", "m11"))
                        .isEqualTo(1L);
                assertThat(raw.read().closed()).isTrue();
            }
            assertThatThrownBy(() -> admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "USER",
                    "nobody")).hasMessage("ERR No such user 'nobody'");
        }
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() throws IOException {
        try (TestServer secured = TestServer.start("requirepass s3cret");
             RawClient client = new RawClient(secured.port())) {
            assertThat(secured.server().acl().defaultUserRequiresPassword()).isTrue();
            assertThat(client.send("AUTH default s3cret\r\n").read().text()).isEqualTo("+OK\r\n");
            assertThat(client.send("CONFIG SET requirepass \"\"\r\n").read().text()).isEqualTo("+OK\r\n");
            assertThat(secured.server().acl().defaultUserRequiresPassword()).isFalse();
            try (RawClient fresh = new RawClient(secured.port())) {
                assertThat(fresh.send("GET k\r\n").read().text()).isEqualTo("$-1\r\n");
            }
        }
    }

    @Test
    void dryrunCatGenpassUsersListAndHelp() {
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser("m12", "on", "nopass", "~k*", "+get");
            assertThat(admin.aclDryRun("m12", "get", "k1")).isEqualTo("OK");
            assertThat(admin.aclDryRun("m12", "get", "x")).isEqualTo("This user has no permissions to access the 'x' key");
            assertThat(admin.aclDryRun("m12", "del", "k1")).isEqualTo("This user has no permissions to run the 'del' command");
            assertThat(admin.aclCat()).contains("keyspace", "read", "write", "dangerous", "scripting");
            assertThat(admin.aclCat("hash")).contains("hset", "hget").doesNotContain("get");
            assertThat(admin.aclGenPass()).hasSize(64).matches("[0-9a-f]+");
            assertThat(admin.aclGenPass(5)).hasSize(2);
            assertThat(admin.aclUsers()).contains("default", "m12");
            assertThat(admin.aclList()).contains("user default on nopass ~* &* +@all");
            assertThat(admin.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "HELP").toString()).isNotEmpty();
        }
    }

    @Test
    void aclSaveAndLoadWithoutAFileAreErrors() {
        try (Jedis admin = server.jedis()) {
            assertThatThrownBy(admin::aclSave).hasMessageStartingWith(
                    "ERR This Redis instance is not configured to use an ACL file.");
            assertThatThrownBy(admin::aclLoad).hasMessageStartingWith(
                    "ERR This Redis instance is not configured to use an ACL file.");
        }
    }
}
