package io.sealedkv.engine.server;

import static io.sealedkv.engine.server.RawReplyConnection.resp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * The request handler holds back the data commands of one read and warms their keys before running
 * them: a pipeline sent in one packet must get exactly the replies of the same commands sent one by
 * one, whatever it mixes (SELECT, MULTI, a blocking command, CLIENT PAUSE, QUIT, authentication).
 */
class PipelinedBatchIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    @RegisterExtension
    static final ServerExtension withPassword = new ServerExtension("requirepass secret");

    private static final List<List<String>> MIXED = List.of(
            List.of("SET", "a", "1"), List.of("GET", "a"), List.of("INCR", "a"), List.of("MSET", "b", "x", "c", "y"),
            List.of("MGET", "a", "b", "c", "none"), List.of("SELECT", "1"), List.of("GET", "a"),
            List.of("SET", "a", "one"), List.of("INCR", "a"), List.of("GET", "a"), List.of("SELECT", "0"),
            List.of("GET", "a"), List.of("LPUSH", "l", "p"), List.of("GET", "l"), List.of("MULTI"), List.of("GET", "a"),
            List.of("INCR", "a"), List.of("SET", "d", "z"), List.of("EXEC"), List.of("GET", "d"),
            List.of("BLPOP", "empty", "0.05"), List.of("GET", "a"), List.of("APPEND", "a", "x"),
            List.of("STRLEN", "a"), List.of("GETDEL", "c"), List.of("EXISTS", "c"), List.of("SETNX", "d", "w"),
            List.of("DECRBY", "d", "1"), List.of("PING"), List.of("QUIT"));

    @Test
    void aMixedPipelineInOnePacketAnswersAsCommandsSentOneByOne() throws IOException {
        List<String> oneByOne;
        try (Jedis jedis = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            oneByOne = new ArrayList<>();
            for (List<String> command : MIXED) {
                connection.send(resp(List.of(command)));
                oneByOne.add(connection.reply());
            }
            assertThat(connection.closedByServer()).isTrue();
        }
        List<String> inOnePacket = new ArrayList<>();
        try (Jedis jedis = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            List<List<String>> script = new ArrayList<>(MIXED);
            script.add(List.of("SET", "after-quit", "never"));
            connection.send(resp(script));
            for (int i = 0; i < MIXED.size(); i++) {
                inOnePacket.add(connection.reply());
            }
            assertThat(connection.closedByServer()).isTrue();
            assertThat(jedis.exists("after-quit")).isFalse();
        }
        assertThat(inOnePacket).isEqualTo(oneByOne);
        assertThat(oneByOne.get(4)).isEqualTo("*4\r\n$1\r\n2\r\n$1\r\nx\r\n$1\r\ny\r\n$-1\r\n");
        assertThat(oneByOne.get(20)).isEqualTo("*-1\r\n");
    }

    @Test
    void aRunOfGetsAnswersEachAsItsOwnGetWithRefusalsInPlace() throws IOException {
        try (Jedis admin = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            admin.set("a1", "one");
            admin.set("a2", "two");
            admin.lpush("alist", "x");
            admin.set("b", "forbidden");
            admin.aclSetUser("reader", "on", ">pw", "~a*", "+get", "+auth");
            admin.aclLogReset();
            admin.configResetStat();
            connection.send(resp(List.of(List.of("AUTH", "reader", "pw"), List.of("GET", "a1"), List.of("GET", "a2"),
                    List.of("GET", "b"), List.of("GET", "a1"), List.of("GET", "alist"), List.of("GET", "absent"),
                    List.of("GET", "a2", "extra"), List.of("GET", "a2"))));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                replies.add(connection.reply());
            }
            assertThat(replies).containsExactly("+OK\r\n", "$3\r\none\r\n", "$3\r\ntwo\r\n",
                    "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n",
                    "$3\r\none\r\n",
                    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "$-1\r\n",
                    "-ERR wrong number of arguments for 'get' command\r\n", "$3\r\ntwo\r\n");
            assertThat(admin.aclLog()).hasSize(1);
            assertThat(stat(admin, "keyspace_hits")).isEqualTo(5);
            assertThat(stat(admin, "keyspace_misses")).isEqualTo(1);
            assertThat(admin.info("commandstats")).contains("cmdstat_get:calls=6,")
                    .contains("rejected_calls=2,failed_calls=1");
        }
    }

    @Test
    void aRunOfWritesAnswersAndCountsEachAsItsOwnCommandWithRefusalsInPlace() throws IOException {
        try (Jedis admin = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            admin.lpush("alist", "x");
            admin.set("b", "1");
            admin.aclSetUser("writer", "on", ">pw", "~a*", "+set", "+incr", "+incrby", "+auth");
            admin.aclLogReset();
            admin.configResetStat();
            connection.send(resp(List.of(List.of("AUTH", "writer", "pw"), List.of("SET", "a1", "1"),
                    List.of("SET", "a2", "2"), List.of("SET", "b", "x"), List.of("SET", "a3", "3", "NX"),
                    List.of("SET", "a3", "4", "NX"), List.of("SET", "a4", "4", "XX"), List.of("SET", "a1", "5", "XX"),
                    List.of("INCR", "a1"), List.of("INCR", "a1"), List.of("INCR", "b"), List.of("INCR", "alist"),
                    List.of("INCRBY", "a2", "x"), List.of("INCRBY", "a2", "10"), List.of("INCR", "a3"))));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                replies.add(connection.reply());
            }
            String noPerm = "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n";
            assertThat(replies).containsExactly("+OK\r\n", "+OK\r\n", "+OK\r\n", noPerm, "+OK\r\n", "$-1\r\n",
                    "$-1\r\n", "+OK\r\n", ":6\r\n", ":7\r\n", noPerm,
                    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    "-ERR value is not an integer or out of range\r\n", ":12\r\n", ":4\r\n");
            assertThat(admin.mget("a1", "a2", "a3", "a4", "b")).containsExactly("7", "12", "4", null, "1");
            assertThat(admin.aclLog()).singleElement().satisfies(entry -> assertThat(entry.getCount()).isEqualTo(2));
            assertThat(admin.info("commandstats")).contains("cmdstat_set:calls=6,")
                    .contains("cmdstat_incr:calls=4,").contains("cmdstat_incrby:calls=2,")
                    .containsPattern("cmdstat_set:.*rejected_calls=1,failed_calls=0")
                    .containsPattern("cmdstat_incr:.*rejected_calls=1,failed_calls=1")
                    .containsPattern("cmdstat_incrby:.*rejected_calls=0,failed_calls=1");
        }
    }

    @Test
    void strlenJoinsARunOfGetsAndAnswersAsItself() throws IOException {
        try (Jedis admin = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            admin.set("s", "hello");
            admin.lpush("l", "x");
            admin.configResetStat();
            connection.send(resp(List.of(List.of("GET", "s"), List.of("STRLEN", "s"), List.of("STRLEN", "none"),
                    List.of("STRLEN", "l"), List.of("GET", "none"), List.of("STRLEN", "s"))));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(connection.reply());
            }
            assertThat(replies).containsExactly("$5\r\nhello\r\n", ":5\r\n", ":0\r\n",
                    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "$-1\r\n", ":5\r\n");
            assertThat(stat(admin, "keyspace_hits")).isEqualTo(4);
            assertThat(stat(admin, "keyspace_misses")).isEqualTo(2);
            assertThat(admin.info("commandstats")).contains("cmdstat_get:calls=2,").contains("cmdstat_strlen:calls=4,")
                    .containsPattern("cmdstat_strlen:.*rejected_calls=0,failed_calls=1");
        }
    }

    private static long stat(Jedis jedis, String name) {
        String info = jedis.info("stats");
        int at = info.indexOf(name + ":") + name.length() + 1;
        return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
    }

    @Test
    void aWriteHeldByClientPauseKeepsTheRestOfThePipelineBehindIt() throws IOException {
        try (Jedis admin = server.emptyJedis(); RawReplyConnection connection = new RawReplyConnection(server.port())) {
            admin.set("a", "1");
            admin.clientPause(300, ClientPauseMode.WRITE);
            connection.send(resp(List.of(List.of("GET", "a"), List.of("SET", "a", "2"), List.of("GET", "a"),
                    List.of("INCR", "a"), List.of("GET", "a"))));
            assertThat(List.of(connection.reply(), connection.reply(), connection.reply(), connection.reply(),
                    connection.reply()))
                    .containsExactly("$1\r\n1\r\n", "+OK\r\n", "$1\r\n2\r\n", ":3\r\n", "$1\r\n3\r\n");
        }
    }

    @Test
    void authenticationInsideAPipelineGovernsWhatFollowsIt() throws IOException {
        try (RawReplyConnection connection = new RawReplyConnection(withPassword.port())) {
            connection.send(resp(List.of(List.of("GET", "k"), List.of("AUTH", "secret"), List.of("SET", "k", "v"),
                    List.of("GET", "k"), List.of("RESET"), List.of("GET", "k"), List.of("AUTH", "secret"),
                    List.of("GET", "k"))));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(connection.reply());
            }
            assertThat(replies).containsExactly("-NOAUTH Authentication required.\r\n", "+OK\r\n", "+OK\r\n",
                    "$1\r\nv\r\n", "+RESET\r\n", "-NOAUTH Authentication required.\r\n", "+OK\r\n", "$1\r\nv\r\n");
        }
    }
}
