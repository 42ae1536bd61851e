package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.sealedkv.SealedKvCommands;
import io.sealedkv.engine.keys.CountingCodec;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.monitoring.LatencyPercentiles;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.engine.server.ServerStats;
import io.sealedkv.keystore.KeyVersionInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * INFO [section ...]: server, clients, memory, persistence, stats, replication, cpu and keyspace, with
 * Redis's field names so monitoring that parses them keeps working. {@code redis_version} reports the
 * Redis version whose behaviour SealedKV follows; {@code sealedkv_version} its own.
 */
final class InfoCommand {
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace", "sealedkv");
    /** Every section, in Redis's order; commandstats only with ALL, EVERYTHING or by name. */
    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster",
            "keyspace", "sealedkv");

    /** The page size /proc/self/statm counts in: 4 KiB on the x86-64 and arm64 Linux this runs on. */
    private static final long PAGE_SIZE = 4096;

    private InfoCommand() {
    }

    static void info(CommandContext c) {
        Set<String> sections = new LinkedHashSet<>();
        for (int i = 1; i < c.argc(); i++) {
            String name = c.argString(i).toLowerCase(Locale.ROOT);
            if (name.equals("all") || name.equals("everything")) {
                sections.addAll(ALL_SECTIONS);
            } else if (name.equals("default")) {
                sections.addAll(DEFAULT_SECTIONS);
            } else {
                sections.add(name);
            }
        }
        if (sections.isEmpty()) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        Lines out = new Lines();
        for (String section : ALL_SECTIONS) {
            if (sections.contains(section)) {
                out.section(section);
                append(c, section, out);
            }
        }
        c.reply().verbatim(out.toString());
    }

    private static void append(CommandContext c, String section, Lines out) {
        SealedKvServer server = c.server();
        switch (section) {
            case "server" -> server(server, out);
            case "clients" -> out.add("connected_clients", server.clients().size())
                    .add("cluster_connections", 0)
                    .add("maxclients", server.config().longValue("maxclients"))
                    .add("blocked_clients", server.blockedClients().count() + server.clientPause().heldClients())
                    .add("tracking_clients", server.tracking().clients());
            case "memory" -> memory(server, out);
            case "persistence" -> persistence(c, out);
            case "stats" -> stats(server, c.keyspace(), out);
            case "replication" -> replication(server, out);
            case "cpu" -> cpu(out);
            case "modules" -> { }
            case "cluster" -> out.add("cluster_enabled", 0);
            case "commandstats" -> server.monitoring().stats().commands()
                    .forEach((name, counters) -> out.add("cmdstat_" + name, counters.describe()));
            case "errorstats" -> server.monitoring().stats().errors()
                    .forEach((code, count) -> out.add("errorstat_" + code, "count=" + count));
            case "keyspace" -> keyspace(c, out);
            case "sealedkv" -> sealedkv(c, out);
            case "latencystats" -> server.monitoring().stats().latencyPercentiles(((LatencyPercentiles) server.config()
                    .parameter("latency-tracking-info-percentiles").value()).values())
                    .forEach((name, line) -> out.add("latency_percentiles_usec_" + name, line));
            default -> throw new IllegalArgumentException(section);
        }
    }

    /** Redis 7.0's fields; the cow fields count the collections kept for a running BGSAVE (no fork here). */
    private static void persistence(CommandContext c, Lines out) {
        Persistence persistence = c.server().persistence();
        long cow;
        try (var lock = c.lock()) {
            cow = persistence.copyOnWriteBytes();
        }
        long[] progress = persistence.currentProgress();
        out.add("loading", 0)
                .add("async_loading", 0)
                .add("current_cow_peak", cow)
                .add("current_cow_size", cow)
                .add("current_cow_size_age", 0)
                .add("current_fork_perc", "0.00")
                .add("current_save_keys_processed", progress[0])
                .add("current_save_keys_total", progress[1])
                .add("rdb_changes_since_last_save", persistence.changesSinceLastSave())
                .add("rdb_bgsave_in_progress", persistence.backgroundInProgress() ? 1 : 0)
                .add("rdb_last_save_time", persistence.lastSaveSeconds())
                .add("rdb_last_bgsave_status", persistence.lastBackgroundOk() ? "ok" : "err")
                .add("rdb_last_bgsave_time_sec", persistence.lastBackgroundSeconds())
                .add("rdb_current_bgsave_time_sec", persistence.currentBackgroundSeconds())
                .add("rdb_saves", persistence.saves())
                .add("rdb_last_cow_size", 0)
                .add("rdb_last_load_keys_expired", persistence.keysExpiredAtLoad())
                .add("rdb_last_load_keys_loaded", persistence.keysLoaded())
                .add("aof_enabled", 0)
                .add("aof_rewrite_in_progress", 0)
                .add("aof_rewrite_scheduled", 0)
                .add("aof_last_rewrite_time_sec", -1)
                .add("aof_current_rewrite_time_sec", -1)
                .add("aof_last_bgrewrite_status", "ok")
                .add("aof_rewrites", 0)
                .add("aof_rewrites_consecutive_failures", 0)
                .add("aof_last_write_status", "ok")
                .add("aof_last_cow_size", 0)
                .add("module_fork_in_progress", 0)
                .add("module_fork_last_cow_size", 0);
    }

    private static void server(SealedKvServer server, Lines out) {
        long uptime = (System.currentTimeMillis() - server.startMillis()) / 1000;
        out.add("redis_version", SealedKvServer.REDIS_VERSION)
                .add("sealedkv_version", version())
                .add("redis_mode", "standalone")
                .add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .add("arch_bits", 64)
                .add("multiplexing_api", server.epoll() ? "epoll" : "nio")
                .add("java_version", System.getProperty("java.version"))
                .add("process_id", ProcessHandle.current().pid())
                .add("run_id", server.runId())
                .add("tcp_port", server.port())
                .add("server_time_usec", System.currentTimeMillis() * 1000)
                .add("uptime_in_seconds", uptime)
                .add("uptime_in_days", uptime / 86400)
                .add("hz", server.config().longValue("hz"))
                .add("configured_hz", server.config().longValue("hz"))
                .add("io_threads_active", server.config().longValue("io-threads") > 1 ? 1 : 0)
                .add("config_file", server.config().configFile() == null ? "" : server.config().configFile());
    }

    /** A master without replicas, in Redis 7.0's fields (clients and exporters read the offsets). */
    private static void replication(SealedKvServer server, Lines out) {
        out.add("role", "master")
                .add("connected_slaves", 0)
                .add("master_failover_state", "no-failover")
                .add("master_replid", server.replicationId())
                .add("master_replid2", "0".repeat(40))
                .add("master_repl_offset", 0)
                .add("second_repl_offset", -1)
                .add("repl_backlog_active", 0)
                .add("repl_backlog_size", 1048576)
                .add("repl_backlog_first_byte_offset", 0)
                .add("repl_backlog_histlen", 0);
    }

    /** The process's resident set from /proc (Linux), 0 where it cannot be read. */
    private static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String version() {
        String version = InfoCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static void memory(SealedKvServer server, Lines out) {
        Runtime runtime = Runtime.getRuntime();
        long used = server.usedMemory();
        long peak = server.stats().notePeakMemory(used);
        out.add("used_memory", used)
                .add("used_memory_human", human(used))
                .add("used_memory_rss", residentBytes())
                .add("used_memory_peak", peak)
                .add("used_memory_peak_human", human(peak))
                .add("used_memory_startup", SealedKvServer.STARTUP_MEMORY)
                .add("used_memory_dataset", used - SealedKvServer.STARTUP_MEMORY)
                .add("used_memory_heap", runtime.totalMemory() - runtime.freeMemory())
                .add("used_memory_heap_committed", runtime.totalMemory())
                .add("used_memory_value_arena", server.valueArenaBytes())
                .add("maxmemory", server.config().longValue("maxmemory"))
                .add("maxmemory_human", human(server.config().longValue("maxmemory")))
                .add("maxmemory_policy", server.config().stringValue("maxmemory-policy"))
                .add("jvm_max_heap", runtime.maxMemory());
    }

    private static void stats(SealedKvServer server, Keyspace keyspace, Lines out) {
        ServerStats stats = server.stats();
        out.add("total_connections_received", stats.connectionsReceived())
                .add("total_commands_processed", stats.commandsProcessed())
                .add("instantaneous_ops_per_sec", stats.instantaneousOpsPerSecond())
                .add("total_net_input_bytes", stats.netInputBytes())
                .add("total_net_output_bytes", stats.netOutputBytes())
                .add("instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousInputKbps()))
                .add("instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousOutputKbps()))
                .add("rejected_connections", stats.rejectedConnections())
                .add("expired_keys", keyspace.stats().expiredKeys())
                .add("evicted_keys", keyspace.stats().evictedKeys())
                .add("keyspace_hits", keyspace.stats().hits())
                .add("keyspace_misses", keyspace.stats().misses())
                .add("pubsub_channels", server.pubSub().channelCount())
                .add("pubsub_patterns", server.pubSub().patternCount())
                .add("pubsubshard_channels", server.pubSub().shardChannelCount())
                .add("tracking_total_keys", server.tracking().trackedKeys())
                .add("tracking_total_items", server.tracking().trackedItems())
                .add("tracking_total_prefixes", server.tracking().prefixCount())
                .add("total_error_replies", stats.errorReplies());
    }

    private static void cpu(Lines out) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        double cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
        out.add("used_cpu_sys", String.format(Locale.ROOT, "%.6f", 0.0))
                .add("used_cpu_user", String.format(Locale.ROOT, "%.6f", cpu));
    }

    private static void keyspace(CommandContext c, Lines out) {
        try (var lock = c.lock()) {
            for (int i = 0; i < c.keyspace().databaseCount(); i++) {
                Database db = c.keyspace().database(i);
                if (db.size() > 0) {
                    out.add("db" + i, "keys=" + db.size() + ",expires=" + db.expiringCount() + ",avg_ttl=0");
                }
            }
        }
    }

    /**
     * SealedKV's own section: codec counters since start, every data key version with its state, the
     * nonces it issued ({@code seals}) and the keys it protects ({@code keys}, counted as
     * {@code KeyVersionCounts} says: a collection once, under its token version), then the rewrap.
     */
    private static void sealedkv(CommandContext c, Lines out) {
        CountingCodec codec = c.server().codec();
        long in = codec.compressionInBytes();
        long compressed = codec.compressionOutBytes();
        out.add("codec_seals", codec.seals())
                .add("codec_opens", codec.opens())
                .add("codec_compression_in_bytes", in)
                .add("codec_compression_out_bytes", compressed)
                .add("codec_compression_ratio", String.format(Locale.ROOT, "%.2f", compressed == 0 ? 1.0 : (double) in / compressed));
        SortedMap<Integer, Long> counts;
        try (var lock = c.lock()) {
            counts = c.keyspace().keyVersionCounts();
        }
        Map<Integer, String> versions = new TreeMap<>();
        ServerKeystore keystore = c.server().keystore();
        if (keystore != null && keystore.available()) {
            for (KeyVersionInfo info : keystore.versions()) {
                versions.put(info.version(), "state=" + info.state().name().toLowerCase(Locale.ROOT)
                        + ",keys=" + counts.getOrDefault(info.version(), 0L) + ",seals=" + info.sealCount()
                        + ",created=" + info.created());
            }
        }
        counts.forEach((version, keys) -> versions.putIfAbsent(version, "state=unknown,keys=" + keys + ",seals=0"));
        out.add("key_primary_version", SealedKvCommands.primaryVersion(c)).add("key_versions", versions.size());
        versions.forEach((version, text) -> out.add("key_version_" + version, text));
        SealedKvCommands.fields(c).forEach(out::add);
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    /** INFO text: {@code # Section} headers, {@code name:value} lines, CRLF line ends. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();

        void section(String name) {
            if (text.length() > 0) {
                text.append("\r\n");
            }
            String title = name.equals("cpu") ? "CPU" : Character.toUpperCase(name.charAt(0)) + name.substring(1);
            text.append("# ").append(title).append("\r\n");
        }

        Lines add(String name, Object value) {
            text.append(name).append(':').append(value).append("\r\n");
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    static CommandSpec spec() {
        return ServerCommands.cmd("info", -1).flags("loading stale").acl("dangerous")
            .tips("nondeterministic_output request_policy:all_shards response_policy:special")
            .run(InfoCommand::info);
    }
}
