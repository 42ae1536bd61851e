package io.sealedkv.engine.metrics;

import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceStats;
import io.sealedkv.engine.monitoring.CommandStats;
import io.sealedkv.engine.server.SealedKvServer;
import io.sealedkv.engine.server.ServerStats;
import java.util.Map;

/**
 * The server's counters in the Prometheus text exposition format (version 0.0.4): one {@code # HELP}
 * and {@code # TYPE} line per metric family, then its samples. Only numbers leave: label values are
 * command names from the command table and database indexes, never key names or values.
 */
public final class PrometheusText {
    /** The Content-Type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** Renders every metric of {@code server} as it is now. */
    public static String render(SealedKvServer server) {
        PrometheusText out = new PrometheusText();
        ServerStats stats = server.stats();
        out.family("sealedkv_uptime_seconds", "gauge", "Seconds since the server started.")
                .sample("sealedkv_uptime_seconds", (System.currentTimeMillis() - server.startMillis()) / 1000);
        out.single("sealedkv_connected_clients", "gauge", "Client connections open now.", server.clients().size());
        out.single("sealedkv_blocked_clients", "gauge", "Clients waiting in a blocking command.",
                server.blockedClients().count());
        out.single("sealedkv_connections_received_total", "counter", "Connections accepted.",
                stats.connectionsReceived());
        out.single("sealedkv_rejected_connections_total", "counter", "Connections refused (maxclients).",
                stats.rejectedConnections());
        out.single("sealedkv_commands_processed_total", "counter", "Commands processed.", stats.commandsProcessed());
        out.single("sealedkv_error_replies_total", "counter", "Error replies sent.", stats.errorReplies());
        out.single("sealedkv_net_input_bytes_total", "counter", "Bytes read from clients.", stats.netInputBytes());
        out.single("sealedkv_net_output_bytes_total", "counter", "Bytes written to clients.", stats.netOutputBytes());
        commands(out, server.monitoring().stats().commands());
        keyspace(out, server);
        out.single("sealedkv_used_memory_bytes", "gauge", "Estimated memory of keys and values plus the server's "
                + "startup memory (INFO used_memory).", server.usedMemory());
        out.single("sealedkv_maxmemory_bytes", "gauge", "The maxmemory setting, 0 when unlimited.",
                server.config().longValue("maxmemory"));
        Runtime runtime = Runtime.getRuntime();
        out.single("sealedkv_jvm_heap_used_bytes", "gauge", "JVM heap in use, garbage included.",
                runtime.totalMemory() - runtime.freeMemory());
        out.single("sealedkv_pubsub_channels", "gauge", "Channels with at least one subscriber.",
                server.pubSub().channelCount());
        out.single("sealedkv_pubsub_patterns", "gauge", "Pattern subscriptions.", server.pubSub().patternCount());
        return out.text.toString();
    }

    private static void commands(PrometheusText out, Map<String, CommandStats.Counters> commands) {
        out.family("sealedkv_command_calls_total", "counter", "Calls per command.");
        commands.forEach((name, counters) -> out.sample("sealedkv_command_calls_total", "cmd", name, counters.calls()));
        out.family("sealedkv_command_duration_seconds_total", "counter", "Time spent executing each command.");
        commands.forEach((name, counters) -> out.sample("sealedkv_command_duration_seconds_total", "cmd", name,
                counters.micros() / 1e6));
        out.family("sealedkv_command_rejected_calls_total", "counter", "Calls refused before running, per command.");
        commands.forEach((name, counters) -> out.sample("sealedkv_command_rejected_calls_total", "cmd", name,
                counters.rejected()));
        out.family("sealedkv_command_failed_calls_total", "counter", "Calls answered with an error, per command.");
        commands.forEach((name, counters) -> out.sample("sealedkv_command_failed_calls_total", "cmd", name,
                counters.failed()));
    }

    private static void keyspace(PrometheusText out, SealedKvServer server) {
        Keyspace keyspace = server.keyspace();
        KeyspaceStats stats = keyspace.stats();
        out.single("sealedkv_keyspace_hits_total", "counter", "Key lookups that found the key.", stats.hits());
        out.single("sealedkv_keyspace_misses_total", "counter", "Key lookups that did not.", stats.misses());
        out.single("sealedkv_expired_keys_total", "counter", "Keys deleted because their time to live passed.",
                stats.expiredKeys());
        out.single("sealedkv_evicted_keys_total", "counter", "Keys evicted to stay under maxmemory.",
                stats.evictedKeys());
        int count = keyspace.databaseCount();
        long[] keys = new long[count];
        long[] expiring = new long[count];
        keyspace.lock().lock();
        try {
            for (int i = 0; i < count; i++) {
                Database db = keyspace.database(i);
                keys[i] = db.size();
                expiring[i] = db.expiringCount();
            }
        } finally {
            keyspace.lock().unlock();
        }
        out.family("sealedkv_db_keys", "gauge", "Keys per database.");
        for (int i = 0; i < count; i++) {
            out.sample("sealedkv_db_keys", "db", Integer.toString(i), keys[i]);
        }
        out.family("sealedkv_db_expiring_keys", "gauge", "Keys with a time to live, per database.");
        for (int i = 0; i < count; i++) {
            out.sample("sealedkv_db_expiring_keys", "db", Integer.toString(i), expiring[i]);
        }
    }

    private PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private void single(String name, String type, String help, long value) {
        family(name, type, help).sample(name, value);
    }

    private void sample(String name, long value) {
        text.append(name).append(' ').append(value).append('\n');
    }

    private void sample(String name, String label, String labelValue, Object value) {
        text.append(name).append('{').append(label).append("=\"");
        escape(labelValue);
        text.append("\"} ").append(value).append('\n');
    }

    /** Label values escape backslash, double quote and line feed, as the format requires. */
    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '"' -> text.append("\\\"");
                case '\n' -> text.append("\\n");
                default -> text.append(ch);
            }
        }
    }
}
