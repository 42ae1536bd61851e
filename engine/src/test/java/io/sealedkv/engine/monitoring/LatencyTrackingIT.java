package io.sealedkv.engine.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** latency-tracking: INFO latencystats, LATENCY HISTOGRAM and the two configs, as Redis 7.0 shows them. */
class LatencyTrackingIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @AfterEach
    void restore() {
        Jedis jedis = server.jedis();
        jedis.configSet("latency-tracking", "yes");
        jedis.configSet("latency-tracking-info-percentiles", "50 99 99.9");
    }

    @Test
    void infoLatencystatsGivesTheConfiguredPercentilesPerCommand() {
        Jedis jedis = server.emptyJedis();
        jedis.configResetStat();
        for (int i = 0; i < 20; i++) {
            jedis.set("k", "v");
        }
        jedis.get("k");
        String info = jedis.info("latencystats");
        assertThat(info).startsWith("# Latencystats");
        assertThat(info).containsPattern(
                "latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}");
        assertThat(info).contains("latency_percentiles_usec_get:p50=");
        jedis.configSet("latency-tracking-info-percentiles", "0 50.5 100");
        assertThat(jedis.configGet("latency-tracking-info-percentiles"))
                .containsEntry("latency-tracking-info-percentiles", "0 50.5 100");
        assertThat(jedis.info("latencystats"))
                .containsPattern("latency_percentiles_usec_set:p0=[\\d.]+,p50\\.5=[\\d.]+,p100=[\\d.]+");
        assertThat(jedis.info()).doesNotContain("Latencystats");
        assertThat(jedis.info("everything")).contains("# Latencystats");
    }

    @Test
    void latencyHistogramIsAMapOfCallsAndCumulativeBuckets() throws Exception {
        Jedis jedis = server.emptyJedis();
        jedis.configResetStat();
        for (int i = 0; i < 5; i++) {
            jedis.set("k", "v");
        }
        jedis.configGet("maxmemory");
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("HELLO 3\r\n");
            raw.read();
            raw.send("LATENCY HISTOGRAM nosuch\r\n");
            assertThat(raw.read().text()).isEqualTo("%0\r\n");
            raw.send("LATENCY HISTOGRAM set config\r\n");
            String reply = raw.read().text();
            assertThat(reply).as("set, then config|get and config|resetstat")
                    .startsWith("%3\r\n$3\r\nset\r\n%2\r\n$5\r\ncalls\r\n:5\r\n$14\r\nhistogram_usec\r\n%");
            assertThat(reply).contains("$10\r\nconfig|get\r\n%2\r\n$5\r\ncalls\r\n:1\r\n")
                    .contains("$16\r\nconfig|resetstat\r\n");
        }
        Object all = jedis.sendCommand(redis.clients.jedis.Protocol.Command.LATENCY, "HISTOGRAM");
        assertThat((List<?>) all).isNotEmpty();
    }

    @Test
    void nothingIsTrackedWithLatencyTrackingOffAndPercentilesAreChecked() {
        Jedis jedis = server.emptyJedis();
        jedis.configSet("latency-tracking", "no");
        jedis.configResetStat();
        jedis.set("k", "v");
        assertThat(jedis.info("latencystats")).doesNotContain("latency_percentiles_usec_set");
        assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "abc"))
                .hasMessageEndingWith("Invalid latency-tracking-info-percentiles parameters");
        assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "101"))
                .hasMessageEndingWith("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
    }
}
