package io.sealedkv.engine.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LATENCY GRAPH renders as redis-server 7.0.15 does (texts captured from it with DEBUG SLEEP samples). */
class LatencyGraphTest {
    @Test
    void rendersRedisSparklineForFourSamples() {
        long now = 1_795_714_527L;
        List<LatencyMonitor.Sample> samples = List.of(new LatencyMonitor.Sample(now - 3, 50),
                new LatencyMonitor.Sample(now - 2, 20), new LatencyMonitor.Sample(now - 1, 10),
                new LatencyMonitor.Sample(now, 30));
        // Captured from redis-server 7.0.15: LATENCY GRAPH command after DEBUG SLEEP 0.05/0.02/0.01/0.03.
        String expected = "command - high 50 ms, low 10 ms (all time high 50 ms)\n"
                + "-".repeat(80) + "\n"
                + "#   \n"
                + "|  _\n"
                + "|_ |\n"
                + "||_|\n"
                + "    \n"
                + "3210\n"
                + "ssss\n";
        assertThat(LatencyGraph.render("command", samples, 50, now)).isEqualTo(expected);
    }

    @Test
    void equalSamplesLabelsInMinutesHoursDaysAndWrapsAfterEightyColumns() {
        long now = 10_000_000L;
        List<LatencyMonitor.Sample> one = List.of(new LatencyMonitor.Sample(now - 90, 7),
                new LatencyMonitor.Sample(now - 7200, 7), new LatencyMonitor.Sample(now - 3 * 86400, 7));
        assertThat(LatencyGraph.render("fast-command", one, 9, now)).isEqualTo(
                "fast-command - high 7 ms, low 7 ms (all time high 9 ms)\n" + "-".repeat(80) + "\n"
                        + "   \n   \n   \n___\n   \n123\nmhd\n");

        List<LatencyMonitor.Sample> many = new ArrayList<>();
        for (int i = 0; i < 81; i++) {
            many.add(new LatencyMonitor.Sample(now - 5, i));
        }
        String graph = LatencyGraph.render("command", many, 80, now);
        String[] lines = graph.split("\n", -1);
        // header, dashes, 4 bar rows + blank + 2 label rows of 80 columns, a separator, then 7 rows of 1 column
        assertThat(lines).hasSize(2 + 7 + 1 + 7 + 1);
        assertThat(lines[2]).hasSize(80).endsWith("#");
        assertThat(lines[5]).startsWith("_").hasSize(80);
        assertThat(lines[9]).isEmpty();
        assertThat(lines[10]).isEqualTo("#");
    }
}
