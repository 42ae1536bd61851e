package io.sealedkv.engine.monitoring;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** INFO commandstats and errorstats: calls, time, rejections and failures per command, errors per code. */
public final class CommandStats {
    private final Map<String, Counters> byCommand = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byErrorCode = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();

    /** One command's counters. */
    public static final class Counters {
        private final LongAdder calls = new LongAdder();
        private final LongAdder micros = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final LongAdder failed = new LongAdder();
        /** The command's entry in the latency histograms, once it has one (a cache of that map's value). */
        private volatile LatencyHistogram latency;

        public long calls() {
            return calls.sum();
        }

        public long micros() {
            return micros.sum();
        }

        public long rejected() {
            return rejected.sum();
        }

        public long failed() {
            return failed.sum();
        }

        /** The INFO line value: {@code calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=..}. */
        public String describe() {
            long n = calls.sum();
            long usec = micros.sum();
            return "calls=" + n + ",usec=" + usec + ",usec_per_call="
                    + String.format(java.util.Locale.ROOT, "%.2f", n == 0 ? 0.0 : (double) usec / n)
                    + ",rejected_calls=" + rejected.sum() + ",failed_calls=" + failed.sum();
        }
    }

    /**
     * A command ran for {@code micros}; {@code failed} when it answered with an error. When
     * {@code tracked} (latency-tracking yes) the call also goes to the command's latency histogram: one
     * lookup by name for both.
     */
    public void executed(String command, long micros, boolean failed, boolean tracked) {
        Counters counters = counters(command);
        counters.calls.increment();
        counters.micros.add(micros);
        if (failed) {
            counters.failed.increment();
        }
        if (tracked) {
            LatencyHistogram histogram = counters.latency;
            if (histogram == null) {
                histogram = latencies.computeIfAbsent(command, c -> new LatencyHistogram());
                counters.latency = histogram;
            }
            histogram.record(micros);
        }
    }

    /** A known command was refused before it ran (arity, authentication, OOM, ...). */
    public void rejected(String command) {
        counters(command).rejected.increment();
    }

    /** An error reply was sent; counted by its code (the first word: ERR, WRONGTYPE, ...). */
    public void error(byte[] message) {
        int end = 0;
        while (end < message.length && message[end] != ' ') {
            end++;
        }
        String code = new String(message, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
        byErrorCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** Command name to its counters, sorted by name. */
    public Map<String, Counters> commands() {
        return new TreeMap<>(byCommand);
    }

    /** Error code to count, sorted by code. */
    public Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        byErrorCode.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    /**
     * CONFIG RESETSTAT. The histograms go first: counters made after the reset then never cache a
     * histogram from before it.
     */
    public void reset() {
        latencies.clear();
        byCommand.clear();
        byErrorCode.clear();
    }

    /**
     * INFO latencystats: {@code p50=1.003,p99=...} for each command with calls, sorted by name, at the
     * given percentiles, printed as Redis prints them (the percentile trimmed, the value in microseconds
     * with three decimals).
     */
    public Map<String, String> latencyPercentiles(double[] percentiles) {
        Map<String, String> lines = new TreeMap<>();
        latencies.forEach((command, histogram) -> {
            StringBuilder line = new StringBuilder();
            for (double p : percentiles) {
                if (line.length() > 0) {
                    line.append(',');
                }
                line.append('p').append(LatencyPercentiles.text(p)).append('=').append(String.format(
                        java.util.Locale.ROOT, "%.3f", histogram.valueAtPercentile(p) / 1000.0));
            }
            lines.put(command, line.toString());
        });
        return lines;
    }

    /** LATENCY HISTOGRAM of one command: its calls, then each (microseconds, cumulative calls); null without calls. */
    public long[] latencyHistogram(String command) {
        LatencyHistogram histogram = latencies.get(command);
        if (histogram == null) {
            return null;
        }
        java.util.List<Long> values = new java.util.ArrayList<>();
        values.add(histogram.total());
        histogram.forEachBucket((micros, cumulative) -> {
            values.add(micros);
            values.add(cumulative);
            return 0;
        });
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Commands with a latency histogram, sorted by name. */
    public java.util.Set<String> latencyCommands() {
        return new java.util.TreeSet<>(latencies.keySet());
    }

    private Counters counters(String command) {
        Counters counters = byCommand.get(command);
        return counters != null ? counters : byCommand.computeIfAbsent(command, c -> new Counters());
    }
}
