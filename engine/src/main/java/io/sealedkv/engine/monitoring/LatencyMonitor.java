package io.sealedkv.engine.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LATENCY: per event class ({@code command}, {@code fast-command}), samples of at least
 * {@code latency-monitor-threshold} milliseconds, one per second (the highest), the latest 160 kept,
 * and the all-time maximum, as Redis's latency monitor records them.
 */
public final class LatencyMonitor {
    private static final int HISTORY = 160;

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** One time-latency sample. */
    public record Sample(long unixSeconds, long millis) {
    }

    /** An event's samples and maximum. */
    public static final class Series {
        private final List<Sample> samples = new ArrayList<>();
        private long max;

        public synchronized List<Sample> samples() {
            return List.copyOf(samples);
        }

        public synchronized Sample latest() {
            return samples.get(samples.size() - 1);
        }

        public synchronized long max() {
            return max;
        }

        synchronized void add(long now, long millis) {
            Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            if (last != null && last.unixSeconds() == now) {
                samples.set(samples.size() - 1, new Sample(now, Math.max(last.millis(), millis)));
            } else {
                samples.add(new Sample(now, millis));
                if (samples.size() > HISTORY) {
                    samples.remove(0);
                }
            }
            max = Math.max(max, millis);
        }
    }

    public void record(String event, long millis) {
        Series series;
        synchronized (this) {
            series = events.computeIfAbsent(event, e -> new Series());
        }
        series.add(System.currentTimeMillis() / 1000, millis);
    }

    /** Event name to its series, in the order events first happened. */
    public synchronized Map<String, Series> events() {
        return new LinkedHashMap<>(events);
    }

    public synchronized Series series(String event) {
        return events.get(event);
    }

    /** Drops the named events (all when none is named); returns how many existed. */
    public synchronized int reset(List<String> names) {
        if (names.isEmpty()) {
            int count = events.size();
            events.clear();
            return count;
        }
        int count = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                count++;
            }
        }
        return count;
    }
}
