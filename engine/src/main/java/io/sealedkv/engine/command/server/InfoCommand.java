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
import java.util.stream.Stream;

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
            case "memory" -> memory(c, out);
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
                .add("multiplexing_api", server.multiplexingApi())
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

    /**
     * The process's resident set from /proc (Linux), 0 where it cannot be read. VmRSS counts in kB whatever the
     * kernel's page size (statm counts pages: 64 KiB ones on some arm64 kernels).
     */
    static long residentBytes() {
        return kilobytesField("/proc/self/status", "VmRSS:");
    }

    /** The bytes a "name: N kB" line of a /proc file gives, 0 where it cannot be read. */
    private static long kilobytesField(String file, String name) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(name)).findFirst()
                    .map(line -> Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) * 1024)
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String version() {
        String version = InfoCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /**
     * Redis 7.0's fields, in its order, where they mean something here (no allocator or scripting fields), as
     * MEMORY STATS counts them; then the JVM's heap and the value arena.
     */
    private static void memory(CommandContext c, Lines out) {
        SealedKvServer server = c.server();
        MemoryCommands.Stats stats = MemoryCommands.measure(c);
        long used = stats.total();
        long rss = residentBytes();
        long system = totalSystemMemory();
        Runtime runtime = Runtime.getRuntime();
        out.add("used_memory", used)
                .add("used_memory_human", human(used))
                .add("used_memory_rss", rss)
                .add("used_memory_rss_human", human(rss))
                .add("used_memory_peak", stats.peak())
                .add("used_memory_peak_human", human(stats.peak()))
                .add("used_memory_peak_perc", percent(used, stats.peak()))
                .add("used_memory_overhead", stats.overhead())
                .add("used_memory_startup", SealedKvServer.STARTUP_MEMORY)
                .add("used_memory_dataset", stats.dataset())
                .add("used_memory_dataset_perc", percent(stats.dataset(), stats.net()))
                .add("total_system_memory", system)
                .add("total_system_memory_human", human(system))
                .add("maxmemory", server.config().longValue("maxmemory"))
                .add("maxmemory_human", human(server.config().longValue("maxmemory")))
                .add("maxmemory_policy", server.config().stringValue("maxmemory-policy"))
                .add("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", (double) rss / used))
                .add("mem_fragmentation_bytes", rss - used)
                .add("mem_not_counted_for_evict", 0)
                .add("mem_replication_backlog", 0)
                .add("mem_total_replication_buffers", 0)
                .add("mem_clients_slaves", 0)
                .add("mem_clients_normal", server.clients().memoryBytes())
                .add("mem_cluster_links", 0)
                .add("mem_aof_buffer", 0)
                .add("mem_allocator", "jvm")
                .add("active_defrag_running", 0)
                .add("lazyfree_pending_objects", 0)
                .add("used_memory_heap", runtime.totalMemory() - runtime.freeMemory())
                .add("used_memory_heap_committed", runtime.totalMemory())
                .add("used_memory_value_arena", server.valueArenaBytes())
                .add("jvm_max_heap", runtime.maxMemory());
    }

    /** {@code part} of {@code whole} as Redis prints a percentage ("99.86%"). */
    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** The machine's memory from /proc/meminfo (Linux), 0 where it cannot be read. */
    private static long totalSystemMemory() {
        return kilobytesField("/proc/meminfo", "MemTotal:");
    }

    /**
     * Redis 7.0's fields in its order; those of what SealedKV does not have (replication, forks, active
     * defragmentation, client eviction, MIGRATE) are 0 as on a Redis that never used them. Left out: the
     * expiry cycle's and the event loop's counters, which are not measured here.
     */
    private static void stats(SealedKvServer server, Keyspace keyspace, Lines out) {
        ServerStats stats = server.stats();
        out.add("total_connections_received", stats.connectionsReceived())
                .add("total_commands_processed", stats.commandsProcessed())
                .add("instantaneous_ops_per_sec", stats.instantaneousOpsPerSecond())
                .add("total_net_input_bytes", stats.netInputBytes())
                .add("total_net_output_bytes", stats.netOutputBytes())
                .add("total_net_repl_input_bytes", 0)
                .add("total_net_repl_output_bytes", 0)
                .add("instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousInputKbps()))
                .add("instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", stats.instantaneousOutputKbps()))
                .add("instantaneous_input_repl_kbps", "0.00")
                .add("instantaneous_output_repl_kbps", "0.00")
                .add("rejected_connections", stats.rejectedConnections())
                .add("sync_full", 0)
                .add("sync_partial_ok", 0)
                .add("sync_partial_err", 0)
                .add("expired_keys", keyspace.stats().expiredKeys())
                .add("evicted_keys", keyspace.stats().evictedKeys())
                .add("evicted_clients", 0)
                .add("keyspace_hits", keyspace.stats().hits())
                .add("keyspace_misses", keyspace.stats().misses())
                .add("pubsub_channels", server.pubSub().channelCount())
                .add("pubsub_patterns", server.pubSub().patternCount())
                .add("pubsubshard_channels", server.pubSub().shardChannelCount())
                .add("latest_fork_usec", 0)
                .add("total_forks", 0)
                .add("migrate_cached_sockets", 0)
                .add("slave_expires_tracked_keys", 0)
                .add("active_defrag_hits", 0)
                .add("active_defrag_misses", 0)
                .add("active_defrag_key_hits", 0)
                .add("active_defrag_key_misses", 0)
                .add("total_active_defrag_time", 0)
                .add("current_active_defrag_time", 0)
                .add("tracking_total_keys", server.tracking().trackedKeys())
                .add("tracking_total_items", server.tracking().trackedItems())
                .add("tracking_total_prefixes", server.tracking().prefixCount())
                .add("unexpected_error_replies", 0)
                .add("total_error_replies", stats.errorReplies())
                .add("dump_payload_sanitizations", 0)
                .add("io_threaded_reads_processed", 0)
                .add("io_threaded_writes_processed", 0);
    }

    /** The process's system and user CPU seconds, and its children's (none: no fork here). */
    private static void cpu(Lines out) {
        double[] times = cpuSeconds();
        out.add("used_cpu_sys", String.format(Locale.ROOT, "%.6f", times[1]))
                .add("used_cpu_user", String.format(Locale.ROOT, "%.6f", times[0]))
                .add("used_cpu_sys_children", "0.000000")
                .add("used_cpu_user_children", "0.000000");
    }

    /**
     * User and system CPU seconds from /proc/self/stat (Linux, in the kernel's USER_HZ of 100 ticks a second);
     * elsewhere the JVM's total process time as user time.
     */
    static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[] {Long.parseLong(fields[11]) / 100.0, Long.parseLong(fields[12]) / 100.0};
        } catch (IOException | RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            double total = os instanceof com.sun.management.OperatingSystemMXBean sun
                    ? sun.getProcessCpuTime() / 1e9 : 0;
            return new double[] {total, 0};
        }
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
