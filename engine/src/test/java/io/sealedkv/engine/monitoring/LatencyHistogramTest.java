package io.sealedkv.engine.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HDR-like histogram reports what Redis 7's reports for the same recorded microseconds. */
class LatencyHistogramTest {
    @Test
    void percentilesAreTheHighestEquivalentValueOfTheirSlot() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.record(1);
        }
        histogram.record(10);
        assertThat(histogram.total()).isEqualTo(100);
        assertThat(histogram.valueAtPercentile(50)).isEqualTo(1003);
        assertThat(histogram.valueAtPercentile(99)).isEqualTo(1003);
        assertThat(histogram.valueAtPercentile(99.9)).isEqualTo(10047);
        assertThat(histogram.valueAtPercentile(100)).isEqualTo(10047);
    }

    @Test
    void recordsFromManyThreadsAllCount() throws InterruptedException {
        LatencyHistogram histogram = new LatencyHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            long micros = t == 5 ? 10 : 1;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    histogram.record(micros);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(histogram.total()).isEqualTo(60_000);
        assertThat(histogram.valueAtPercentile(83)).isEqualTo(1003);
        assertThat(histogram.valueAtPercentile(84)).isEqualTo(10047);
    }

    @Test
    void bucketsArePowersOfTwoMicrosecondsWithCumulativeCountsWhereTheyGrow() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1);
        histogram.record(50);
        histogram.record(100);
        histogram.record(5_000_000);
        List<Long> printed = new ArrayList<>();
        histogram.forEachBucket((micros, cumulative) -> {
            printed.add(micros);
            printed.add(cumulative);
            return 0;
        });
        assertThat(printed).containsExactly(1L, 1L, 66L, 2L, 132L, 3L, 1_082_130L, 4L);
    }

    @Test
    void percentilesPrintAsRedisPrintsThem() {
        assertThat(LatencyPercentiles.parse("50 99 99.9")).hasToString("50 99 99.9");
        assertThat(LatencyPercentiles.parse("0 50.5 100")).hasToString("0 50.5 100");
        assertThat(LatencyPercentiles.parse("")).hasToString("");
    }
}
