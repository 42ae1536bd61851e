package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.MemoryCost;
import io.sealedkv.engine.server.SealedKvServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP, answered from the same estimates that
 * {@code used_memory} and {@code maxmemory} use ({@link MemoryCost}): what a key costs is its entry,
 * its key bytes and its sealed value or collection, as measured on the sealed structures.
 *
 * <p>MEMORY STATS keeps Redis 7.0's field names where they mean something here ({@code peak.allocated},
 * {@code total.allocated}, {@code startup.allocated}, {@code db.N} overheads, {@code keys.count},
 * {@code keys.bytes-per-key}, {@code dataset.bytes}, {@code dataset.percentage}, {@code peak.percentage};
 * the replication, AOF and script buffers SealedKV does not have are 0) and replaces the allocator's
 * fields, which have no counterpart in a JVM, by {@code jvm.heap.used}, {@code jvm.heap.committed} and
 * {@code jvm.heap.max} (bytes, from {@link Runtime}). MALLOC-STATS reports the JVM's memory pools;
 * PURGE asks the JVM for a garbage collection ({@link System#gc()}), the nearest thing to returning
 * dirty pages. SAMPLES is checked as Redis checks it but changes nothing: the estimates are kept up to
 * date on every write, nothing is sampled.
 */
public final class MemoryCommands {
    /** Below this, MEMORY DOCTOR says the instance is too empty to judge, as Redis does. */
    private static final long DOCTOR_MINIMUM = 5L * 1024 * 1024;
    private static final String EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues "
            + "detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with "
            + "some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
    private static final String HEALTHY = "Hi Sam, I can't find any memory issue in your instance. I can only "
            + "account for what occurs on this base.\n";
    private static final String PEAK = "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
            + " * Peak memory: In the past this instance used more than 150% the memory that is currently using. "
            + "The JVM keeps heap it once needed until a collection gives it back; MEMORY PURGE asks for one.\n\n"
            + "I'm here to keep you safe, Sam. I want to help you.\n";

    private MemoryCommands() {
    }

    /** MEMORY USAGE key [SAMPLES count]: the key's estimated cost in bytes, nil when it does not exist. */
    static void usage(CommandContext c) {
        for (int i = 3; i < c.argc(); i += 2) {
            if (!c.argIs(i, "samples") || i + 1 >= c.argc()) {
                throw Errors.syntax();
            }
            if (Args.parseLong(c.arg(i + 1)) < 0) {
                throw Errors.syntax();
            }
        }
        long bytes;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookup(c.db(), c.arg(2), Keyspace.NO_TOUCH | Keyspace.NO_STATS);
            bytes = entry == null ? -1 : MemoryCost.of(entry);
        }
        if (bytes < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(bytes);
        }
    }

    /** What MEMORY STATS and DOCTOR look at, read under the lock. */
    record Stats(long peak, long total, List<long[]> databases, long keys) {
        long overhead() {
            long sum = SealedKvServer.STARTUP_MEMORY;
            for (long[] db : databases) {
                sum += db[1];
            }
            return sum;
        }

        long dataset() {
            return total - overhead();
        }

        long net() {
            return total - SealedKvServer.STARTUP_MEMORY;
        }
    }

    static Stats measure(CommandContext c) {
        List<long[]> databases = new ArrayList<>();
        long keys = 0;
        long total;
        try (var lock = c.lock()) {
            total = c.server().usedMemory();
            for (int i = 0; i < c.keyspace().databaseCount(); i++) {
                Database db = c.keyspace().database(i);
                if (db.size() > 0) {
                    databases.add(new long[] {i, (long) db.size() * MemoryCost.PER_KEY});
                    keys += db.size();
                }
            }
        }
        long peak = c.server().stats().notePeakMemory(total);
        return new Stats(peak, total, databases, keys);
    }

    static void stats(CommandContext c) {
        Stats stats = measure(c);
        Runtime runtime = Runtime.getRuntime();
        var reply = c.reply();
        reply.map(19 + stats.databases().size());
        pair(c, "peak.allocated", stats.peak());
        pair(c, "total.allocated", stats.total());
        pair(c, "startup.allocated", SealedKvServer.STARTUP_MEMORY);
        pair(c, "replication.backlog", 0);
        pair(c, "clients.slaves", 0);
        pair(c, "clients.normal", c.server().clients().memoryBytes());
        pair(c, "cluster.links", 0);
        pair(c, "aof.buffer", 0);
        pair(c, "lua.caches", 0);
        pair(c, "functions.caches", 0);
        for (long[] db : stats.databases()) {
            reply.bulk("db." + db[0]);
            reply.map(3);
            pair(c, "overhead.hashtable.main", db[1]);
            pair(c, "overhead.hashtable.expires", 0);
            pair(c, "overhead.hashtable.slot-to-keys", 0);
        }
        pair(c, "overhead.total", stats.overhead());
        pair(c, "keys.count", stats.keys());
        pair(c, "keys.bytes-per-key", stats.keys() == 0 ? 0 : stats.net() / stats.keys());
        pair(c, "dataset.bytes", stats.dataset());
        reply.bulk("dataset.percentage");
        reply.doubleValue(percent(stats.dataset(), stats.net()));
        reply.bulk("peak.percentage");
        reply.doubleValue(percent(stats.total(), stats.peak()));
        pair(c, "jvm.heap.used", runtime.totalMemory() - runtime.freeMemory());
        pair(c, "jvm.heap.committed", runtime.totalMemory());
        pair(c, "jvm.heap.max", runtime.maxMemory());
    }

    private static void pair(CommandContext c, String name, long value) {
        c.reply().bulk(name);
        c.reply().integer(value);
    }

    /** A percentage computed in single precision and printed with 17 significant digits, as Redis prints it. */
    static String percent(long part, long whole) {
        float value = whole == 0 ? 0f : (float) part * 100 / whole;
        if (value == 0f) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(17)).stripTrailingZeros().toPlainString();
    }

    static void doctor(CommandContext c) {
        Stats stats = measure(c);
        String report;
        if (stats.total() < DOCTOR_MINIMUM) {
            report = EMPTY;
        } else if (stats.peak() > stats.total() * 3 / 2) {
            report = PEAK;
        } else {
            report = HEALTHY;
        }
        c.reply().verbatim(report);
    }

    /** The JVM's memory pools, one line each: the closest thing to an allocator's statistics. */
    static void mallocStats(CommandContext c) {
        StringBuilder text = new StringBuilder("___ Begin JVM memory pool statistics ___\n");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getUsage();
            if (usage != null) {
                text.append(pool.getName()).append(" (").append(pool.getType()).append("): used=")
                        .append(usage.getUsed()).append(" committed=").append(usage.getCommitted())
                        .append(" max=").append(usage.getMax()).append('\n');
            }
        }
        text.append("--- End JVM memory pool statistics ---\n");
        c.reply().verbatim(text.toString());
    }

    static void purge(CommandContext c) {
        System.gc();
        c.reply().ok();
    }

    static void help(CommandContext c) {
        c.reply().lines(List.of(
                "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).",
                "HELP",
                "    Prints this help."));
    }

    public static List<CommandSpec> table() {
        String special = "nondeterministic_output request_policy:all_shards response_policy:special";
        return List.of(
            CommandSpec.builder("memory", -2, "server", null)
                .sub(sub("doctor", 2, "").tips(special)
                    .handler(MemoryCommands::doctor))
                .sub(sub("help", 2, "loading stale")
                    .handler(MemoryCommands::help))
                .sub(sub("malloc-stats", 2, "").tips(special)
                    .handler(MemoryCommands::mallocStats))
                .sub(sub("purge", 2, "").tips("request_policy:all_shards response_policy:all_succeeded")
                    .handler(MemoryCommands::purge))
                .sub(sub("stats", 2, "").tips(special)
                    .handler(MemoryCommands::stats))
                .sub(sub("usage", -3, "readonly").keys(2, 2, 1, "RO")
                    .handler(MemoryCommands::usage))
                .container());
    }

    private static CommandSpec.Builder sub(String name, int arity, String flags) {
        return CommandSpec.builder(name, arity, "server", null).flags(flags);
    }
}
