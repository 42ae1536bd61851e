package io.sealedkv.engine.monitoring;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** INFO commandstats and errorstats: calls, time, rejections and failures per command, errors per code. */
public final class CommandStats {
    private final Map<String, Counters> byCommand = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byErrorCode = new ConcurrentHashMap<>();

    /** One command's counters. */
    public static final class Counters {
        private final LongAdder calls = new LongAdder();
        private final LongAdder micros = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final LongAdder failed = new LongAdder();

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

    /** A command ran for {@code micros}; {@code failed} when it answered with an error. */
    public void executed(String command, long micros, boolean failed) {
        Counters counters = counters(command);
        counters.calls.increment();
        counters.micros.add(micros);
        if (failed) {
            counters.failed.increment();
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

    public void reset() {
        byCommand.clear();
        byErrorCode.clear();
    }

    private Counters counters(String command) {
        Counters counters = byCommand.get(command);
        return counters != null ? counters : byCommand.computeIfAbsent(command, c -> new Counters());
    }
}
