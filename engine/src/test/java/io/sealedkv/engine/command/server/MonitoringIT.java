package io.sealedkv.engine.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/** SLOWLOG, LATENCY, MONITOR and INFO commandstats/errorstats, with argument values hidden by default. */
class MonitoringIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @AfterEach
    void restoreDefaults() {
        Jedis jedis = server.jedis();
        jedis.configSet("slowlog-log-slower-than", "10000");
        jedis.configSet("show-argument-values", "no");
        jedis.configSet("latency-monitor-threshold", "0");
        jedis.slowlogReset();
        jedis.latencyReset();
    }

    @Test
    void slowlogKeepsCommandsWithKeyNamesButNotValues() {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("slowlog-log-slower-than", "0");
        jedis.slowlogReset();
        jedis.clientSetname("auditor");
        jedis.set("patient:17", "diagnosis-secret");
        List<Slowlog> entries = jedis.slowlogGet(1);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getArgs()).containsExactly("SET", "patient:17", "(redacted)");
        assertThat(entries.get(0).getClientName()).isEqualTo("auditor");
        assertThat(entries.get(0).getClientIpPort().toString()).startsWith("127.0.0.1:");
        assertThat(jedis.slowlogLen()).isGreaterThanOrEqualTo(3);

        jedis.configSet("show-argument-values", "yes");
        jedis.set("patient:18", "shown-on-request");
        assertThat(jedis.slowlogGet(1).get(0).getArgs()).containsExactly("SET", "patient:18", "shown-on-request");
    }

    @Test
    void slowlogGetCountsLenAndResetBehaveAsRedis() {
        Jedis jedis = server.jedis();
        jedis.configSet("slowlog-log-slower-than", "0");
        jedis.configSet("slowlog-max-len", "3");
        try {
            for (int i = 0; i < 10; i++) {
                jedis.get("k" + i);
            }
            assertThat(jedis.slowlogLen()).isEqualTo(3);
            assertThat(jedis.slowlogGet(-1)).hasSize(3);
            assertThatThrownBy(() -> jedis.slowlogGet(-2)).hasMessage("ERR count should be greater than or equal to -1");
            jedis.configSet("slowlog-log-slower-than", "-1");
            assertThat(jedis.slowlogReset()).isEqualTo("OK");
            jedis.get("not logged");
            assertThat(jedis.slowlogLen()).isZero();
        } finally {
            jedis.configSet("slowlog-max-len", "128");
        }
    }

    @Test
    void monitorShowsEveryCommandWithValuesRedacted() throws IOException {
        try (RawClient monitor = new RawClient(server.port())) {
            monitor.send("MONITOR\r\n");
            assertThat(monitor.read().text()).isEqualTo("+OK\r\n");
            Jedis jedis = server.jedis();
            jedis.set("card:1", "4111-1111-1111-1111");
            jedis.get("card:1");
            String seen = monitor.read().text();
            assertThat(seen).matches("(?s)\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"card:1\" \\(redacted\\)\r\n"
                    + "\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"GET\" \"card:1\"\r\n");
            assertThat(seen).doesNotContain("4111");
        }
    }

    /**
     * Shard channels are not keys (their key spec is not_key), so MONITOR hides them and SPUBLISH's message as it
     * hides PUBLISH's; with show-argument-values yes the lines are Redis 7.0.15's.
     */
    @Test
    void monitorHidesShardChannelsLikeChannelsUnlessArgumentValuesAreShown() throws IOException {
        String line = "\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] ";
        String spublish = "*3\r\n$8\r\nSPUBLISH\r\n$9\r\norders:eu\r\n$9\r\ncard 4111\r\n";
        try (RawClient monitor = new RawClient(server.port()); RawClient subscriber = new RawClient(server.port());
                RawClient publisher = new RawClient(server.port())) {
            monitor.send("MONITOR\r\n");
            assertThat(monitor.read().text()).isEqualTo("+OK\r\n");
            subscriber.send("SSUBSCRIBE orders:eu\r\n").read();
            publisher.send(spublish).read();
            assertThat(monitor.read().text()).matches("(?s)" + line + "\"SSUBSCRIBE\" \\(redacted\\)\r\n"
                    + line + "\"SPUBLISH\" \\(redacted\\) \\(redacted\\)\r\n");
            server.jedis().configSet("show-argument-values", "yes");
            monitor.read();
            subscriber.send("SUNSUBSCRIBE orders:eu\r\n").read();
            publisher.send(spublish).read();
            assertThat(monitor.read().text()).matches("(?s)" + line + "\"SUNSUBSCRIBE\" \"orders:eu\"\r\n"
                    + line + "\"SPUBLISH\" \"orders:eu\" \"card 4111\"\r\n");
        }
    }

    @Test
    void latencyMonitorRecordsSlowCommandsOverTheThreshold() {
        Jedis jedis = server.jedis();
        assertThat(jedis.latencyDoctor()).startsWith("I'm sorry, Dave, I can't do that.");
        jedis.configSet("latency-monitor-threshold", "1");
        jedis.set("big".getBytes(), new byte[8 * 1024 * 1024]);
        List<Object> latest = jedis.sendCommand(() -> "LATENCY".getBytes(), "LATEST") instanceof List<?> l
                ? List.copyOf(l) : List.of();
        assertThat(latest).isNotEmpty();
        assertThat(jedis.latencyHistory(redis.clients.jedis.args.LatencyEvent.COMMAND)).isNotEmpty();
        assertThat(jedis.latencyDoctor()).contains("command");
        assertThat(jedis.latencyReset()).isGreaterThanOrEqualTo(1);
        assertThat(jedis.sendCommand(() -> "LATENCY".getBytes(), "HELP")).asList().hasSize(17);
        jedis.del("big");
    }

    @Test
    void latencyGraphDrawsTheEventOrSaysThereAreNoSamples() {
        Jedis jedis = server.jedis();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LATENCY".getBytes(), "GRAPH", "command"))
                .hasMessage("ERR No samples available for event 'command'");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LATENCY".getBytes(), "GRAPH"))
                .hasMessage("ERR wrong number of arguments for 'latency|graph' command");
        jedis.configSet("latency-monitor-threshold", "1");
        jedis.set("big".getBytes(), new byte[8 * 1024 * 1024]);
        String graph = redis.clients.jedis.util.SafeEncoder.encode(
                (byte[]) jedis.sendCommand(() -> "LATENCY".getBytes(), "GRAPH", "command"));
        assertThat(graph).matches("(?s)command - high \\d+ ms, low \\d+ ms \\(all time high \\d+ ms\\)\n-{80}\n.*")
                .contains("_\n").endsWith("s\n");
        jedis.del("big");
    }

    @Test
    void infoCountsCommandsAndErrors() {
        Jedis jedis = server.jedis();
        jedis.configResetStat();
        jedis.set("n", "x");
        assertThatThrownBy(() -> jedis.incr("n")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes())).hasMessageContaining("wrong number");
        String commandstats = jedis.info("commandstats");
        assertThat(commandstats).contains("# Commandstats")
                .containsPattern("cmdstat_set:calls=1,usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=0,failed_calls=0")
                .containsPattern("cmdstat_incr:calls=1,usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=0,failed_calls=1")
                .contains("rejected_calls=1");
        assertThat(jedis.info("errorstats")).contains("errorstat_ERR:count=2");
        assertThat(jedis.info()).contains("# Errorstats").doesNotContain("# Commandstats");
        assertThat(jedis.info("everything")).contains("# Commandstats");
    }

    @Test
    void unknownSubcommandCountsForNoCommandAndLatencyGraphErrorCountsAsFailed() {
        Jedis jedis = server.jedis();
        jedis.configResetStat();
        assertThatThrownBy(() -> jedis.sendCommand(() -> "CONFIG".getBytes(), "NOSUCH"))
                .hasMessageStartingWith("ERR unknown subcommand 'NOSUCH'");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "CONFIG".getBytes())).hasMessageContaining("wrong number");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "LATENCY".getBytes(), "GRAPH", "nosuch"))
                .hasMessage("ERR No samples available for event 'nosuch'");
        // as Redis 7.0: the unknown subcommand has no command to count into; the arity error counts for CONFIG
        assertThat(jedis.info("commandstats"))
                .containsPattern("cmdstat_config:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0")
                .containsPattern("cmdstat_latency\\|graph:calls=1,usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=0,"
                        + "failed_calls=1");
        assertThat(jedis.info("errorstats")).contains("errorstat_ERR:count=3");
    }

    @Test
    void helpTextsListTheSubcommands() {
        Jedis jedis = server.jedis();
        assertThat(jedis.sendCommand(() -> "SLOWLOG".getBytes(), "HELP")).asList().hasSize(12);
    }

    @Test
    void rawSubcommandsAnswerInRedisShapes() throws IOException {
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("LATENCY LATEST\r\nLATENCY HELP\r\nSLOWLOG HELP\r\n");
            assertThat(raw.read().text()).startsWith("*0\r\n*17\r\n+LATENCY <subcommand>").contains("*12\r\n+SLOWLOG");
        }
    }
}
