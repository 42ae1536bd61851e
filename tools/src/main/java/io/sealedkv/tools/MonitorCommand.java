package io.sealedkv.tools;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.Jedis;

/** {@code sealedkv monitor}: a live view of a running server, as {@code redis-cli --stat}. */
@Command(name = "monitor",
        description = {"Samples a running server's INFO every --interval seconds and prints one line per sample.",
            "Columns:",
            "  ops/s     commands per second since the previous sample",
            "  clients   connected clients",
            "  memory    used_memory, human-readable",
            "  hit%%      keyspace hits / (hits + misses) since the previous sample ('-' without lookups)",
            "  seals/s   values and elements sealed per second",
            "  opens/s   values and elements opened per second",
            "  versions  data key versions protecting keys, as VERSION:KEYS ('*' marks the primary)",
            "On a terminal the line is redrawn in place; otherwise each sample is a line of its own."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the samples asked for were printed", "1:the server cannot be reached or refused",
            "2:usage error"})
final class MonitorCommand implements Callable<Integer> {
    private static final String ROW = "%-8s %8s %8s %10s %6s %9s %9s  %s";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = false, heading = "Server:%n")
    ServerOptions server = new ServerOptions();

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between samples (default ${DEFAULT-VALUE}; fractions allowed).")
    double interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N samples (default: run until interrupted).")
    long count;

    /** The counters of one sample. */
    record Sample(long nanos, Map<String, String> fields) {
        long number(String name) {
            String value = fields.get(name);
            return value == null ? 0 : Long.parseLong(value);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval <= 0) {
            throw new CommandFailedException("--interval must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        try (Jedis jedis = server.connect()) {
            out.println(String.format(Locale.ROOT, ROW, "time", "ops/s", "clients", "memory", "hit%", "seals/s",
                    "opens/s", "versions"));
            Sample previous = null;
            for (long n = 0; count == 0 || n < count; n++) {
                if (n > 0) {
                    Thread.sleep(Math.max(1, (long) (interval * 1000)));
                }
                Sample sample = new Sample(System.nanoTime(), ServerOptions.info(jedis, "default", "sealedkv"));
                String line = line(previous, sample);
                if (terminal) {
                    out.print("\r" + line + "\u001b[K");
                } else {
                    out.println(line);
                }
                out.flush();
                previous = sample;
            }
            if (terminal) {
                out.println();
            }
        }
        return ExitCodes.OK;
    }

    static String line(Sample previous, Sample now) {
        String time = LocalTime.now().withNano(0).toString();
        String ops;
        String seals;
        String opens;
        String hits;
        if (previous == null) {
            ops = now.fields().getOrDefault("instantaneous_ops_per_sec", "0");
            seals = "-";
            opens = "-";
            hits = ratio(now.number("keyspace_hits"), now.number("keyspace_misses"));
        } else {
            double seconds = Math.max(1e-9, (now.nanos() - previous.nanos()) / 1e9);
            ops = rate(now, previous, "total_commands_processed", seconds);
            seals = rate(now, previous, "codec_seals", seconds);
            opens = rate(now, previous, "codec_opens", seconds);
            hits = ratio(now.number("keyspace_hits") - previous.number("keyspace_hits"),
                    now.number("keyspace_misses") - previous.number("keyspace_misses"));
        }
        return String.format(Locale.ROOT, ROW, time, ops, now.fields().getOrDefault("connected_clients", "?"),
                now.fields().getOrDefault("used_memory_human", "?"), hits, seals, opens, versions(now.fields()));
    }

    private static String rate(Sample now, Sample previous, String field, double seconds) {
        return Long.toString(Math.round((now.number(field) - previous.number(field)) / seconds));
    }

    private static String ratio(long hits, long misses) {
        return hits + misses == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * hits / (hits + misses));
    }

    private static String versions(Map<String, String> fields) {
        String primary = fields.get("key_primary_version");
        Map<Integer, Long> inUse = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("key_version_")) {
                long keys = Long.parseLong(ServerOptions.parts(value).getOrDefault("keys", "0"));
                int version = Integer.parseInt(name.substring("key_version_".length()));
                if (keys > 0 || String.valueOf(version).equals(primary)) {
                    inUse.put(version, keys);
                }
            }
        });
        StringBuilder text = new StringBuilder();
        inUse.forEach((version, keys) -> text.append(text.length() == 0 ? "" : " ").append(version)
                .append(String.valueOf(version).equals(primary) ? "*" : "").append(':').append(keys));
        return text.toString();
    }
}
