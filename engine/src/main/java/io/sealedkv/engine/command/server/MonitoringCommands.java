package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.monitoring.CommandStats;
import io.sealedkv.engine.monitoring.LatencyGraph;
import io.sealedkv.engine.monitoring.LatencyMonitor;
import io.sealedkv.engine.monitoring.SlowLog;
import io.sealedkv.engine.resp.RespWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** SLOWLOG, LATENCY and MONITOR, answered from {@link io.sealedkv.engine.monitoring.Monitoring}. */
public final class MonitoringCommands {
    private static final String LATENCY_DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled "
            + "in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order "
            + "to enable it. If we weren't in a deep space mission I'd suggest to take a look at "
            + "https://redis.io/topics/latency-monitor.\n";
    private static final String NO_SPIKES = "Dave, no latency spike was observed during the lifetime of this Redis "
            + "instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, "
            + "and think things over.\n";

    private MonitoringCommands() {
    }

    static void slowlogGet(CommandContext c) {
        long count = 10;
        if (c.argc() > 3) {
            throw Errors.subcommandSyntax(c.argString(1), "slowlog");
        }
        if (c.argc() == 3) {
            Long parsed = Args.tryParseLong(c.arg(2));
            if (parsed == null || parsed < -1) {
                throw Errors.generic("count should be greater than or equal to -1");
            }
            count = parsed;
        }
        List<SlowLog.Entry> entries = c.server().monitoring().slowLog().latest(count);
        RespWriter reply = c.reply();
        reply.array(entries.size());
        for (SlowLog.Entry entry : entries) {
            reply.array(6);
            reply.integer(entry.id());
            reply.integer(entry.unixSeconds());
            reply.integer(entry.micros());
            reply.array(entry.args().size());
            entry.args().forEach(reply::bulk);
            reply.bulk(entry.client());
            reply.bulk(entry.name());
        }
    }

    static void slowlogLen(CommandContext c) {
        c.reply().integer(c.server().monitoring().slowLog().size());
    }

    static void slowlogReset(CommandContext c) {
        c.server().monitoring().slowLog().reset();
        c.reply().ok();
    }

    static void slowlogHelp(CommandContext c) {
        c.reply().lines(List.of(
                "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.",
                "HELP",
                "    Prints this help."));
    }

    static void latencyLatest(CommandContext c) {
        Map<String, LatencyMonitor.Series> events = c.server().monitoring().latency().events();
        RespWriter reply = c.reply();
        reply.array(events.size());
        events.forEach((event, series) -> {
            LatencyMonitor.Sample latest = series.latest();
            reply.array(4);
            reply.bulk(event);
            reply.integer(latest.unixSeconds());
            reply.integer(latest.millis());
            reply.integer(series.max());
        });
    }

    static void latencyHistory(CommandContext c) {
        LatencyMonitor.Series series = c.server().monitoring().latency().series(c.argString(2));
        List<LatencyMonitor.Sample> samples = series == null ? List.of() : series.samples();
        RespWriter reply = c.reply();
        reply.array(samples.size());
        for (LatencyMonitor.Sample sample : samples) {
            reply.array(2);
            reply.integer(sample.unixSeconds());
            reply.integer(sample.millis());
        }
    }

    /**
     * LATENCY HISTOGRAM [command ...]: per command (all with calls, or the named ones; a container names
     * its subcommands) a map of its calls and its cumulative power-of-two buckets in microseconds.
     */
    static void latencyHistogram(CommandContext c) {
        CommandStats stats = c.server().monitoring().stats();
        Set<String> tracked = stats.latencyCommands();
        List<String> names = new ArrayList<>();
        if (c.argc() == 2) {
            names.addAll(tracked);
        }
        for (int i = 2; i < c.argc(); i++) {
            String name = c.argString(i).toLowerCase(Locale.ROOT);
            if (tracked.contains(name)) {
                names.add(name);
            }
            tracked.stream().filter(n -> n.startsWith(name + "|")).forEach(names::add);
        }
        RespWriter reply = c.reply();
        reply.map(names.size());
        for (String name : names) {
            long[] histogram = stats.latencyHistogram(name);
            reply.bulk(name);
            reply.map(2);
            reply.bulk("calls");
            reply.integer(histogram[0]);
            reply.bulk("histogram_usec");
            reply.map((histogram.length - 1) / 2);
            for (int i = 1; i < histogram.length; i++) {
                reply.integer(histogram[i]);
            }
        }
    }

    static void latencyReset(CommandContext c) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            names.add(c.argString(i));
        }
        c.reply().integer(c.server().monitoring().latency().reset(names));
    }

    /** Redis's texts when monitoring is off or saw nothing; otherwise a plain summary per event. */
    static void latencyDoctor(CommandContext c) {
        Map<String, LatencyMonitor.Series> events = c.server().monitoring().latency().events();
        String report;
        if (c.server().config().longValue("latency-monitor-threshold") == 0 && events.isEmpty()) {
            report = LATENCY_DISABLED;
        } else if (events.isEmpty()) {
            report = NO_SPIKES;
        } else {
            StringBuilder text = new StringBuilder("Dave, I have observed latency spikes in this Redis instance.\n\n");
            int n = 1;
            for (Map.Entry<String, LatencyMonitor.Series> event : events.entrySet()) {
                List<LatencyMonitor.Sample> samples = event.getValue().samples();
                long total = samples.stream().mapToLong(LatencyMonitor.Sample::millis).sum();
                text.append(n++).append(". ").append(event.getKey()).append(": ").append(samples.size())
                        .append(" latency spikes (average ").append(total / samples.size()).append("ms, worst all time ")
                        .append(event.getValue().max()).append("ms).\n");
            }
            report = text.toString();
        }
        c.reply().verbatim(report);
    }

    /** LATENCY GRAPH event: Redis's ASCII graph of the event's samples, or its error when there are none. */
    static void latencyGraph(CommandContext c) {
        String event = c.argString(2);
        LatencyMonitor.Series series = c.server().monitoring().latency().series(event);
        if (series == null) {
            throw Errors.generic("No samples available for event '" + event + "'");
        }
        c.reply().verbatim(LatencyGraph.render(event, series.samples(), series.max(), System.currentTimeMillis() / 1000));
    }

    static void latencyHelp(CommandContext c) {
        c.reply().lines(List.of(
                "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified "
                    + "command names.",
                "    If no commands are specified then all histograms are replied.",
                "HELP",
                "    Prints this help."));
    }

    static void monitor(CommandContext c) {
        c.server().monitoring().monitors().add(c.session());
        c.reply().ok();
    }

    public static List<CommandSpec> table() {
        String admin = "admin loading stale";
        String adminNoScript = "admin noscript loading stale";
        return List.of(
            CommandSpec.builder("slowlog", -2, "server", null)
                .sub(sub("get", -2, admin).tips("request_policy:all_nodes nondeterministic_output")
                    .handler(MonitoringCommands::slowlogGet))
                .sub(sub("len", 2, admin)
                    .tips("request_policy:all_nodes response_policy:agg_sum nondeterministic_output")
                    .handler(MonitoringCommands::slowlogLen))
                .sub(sub("reset", 2, admin).tips("request_policy:all_nodes response_policy:all_succeeded")
                    .handler(MonitoringCommands::slowlogReset))
                .sub(sub("help", 2, "loading stale")
                    .handler(MonitoringCommands::slowlogHelp))
                .container(),
            CommandSpec.builder("latency", -2, "server", null)
                .sub(sub("latest", 2, adminNoScript)
                    .tips("nondeterministic_output request_policy:all_nodes response_policy:special")
                    .handler(MonitoringCommands::latencyLatest))
                .sub(sub("history", 3, adminNoScript)
                    .tips("nondeterministic_output request_policy:all_nodes response_policy:special")
                    .handler(MonitoringCommands::latencyHistory))
                .sub(sub("graph", 3, adminNoScript)
                    .tips("nondeterministic_output request_policy:all_nodes response_policy:special")
                    .handler(MonitoringCommands::latencyGraph))
                .sub(sub("histogram", -2, adminNoScript)
                    .tips("nondeterministic_output request_policy:all_nodes response_policy:special")
                    .handler(MonitoringCommands::latencyHistogram))
                .sub(sub("reset", -2, adminNoScript).tips("request_policy:all_nodes response_policy:all_succeeded")
                    .handler(MonitoringCommands::latencyReset))
                .sub(sub("doctor", 2, adminNoScript)
                    .tips("nondeterministic_output request_policy:all_nodes response_policy:special")
                    .handler(MonitoringCommands::latencyDoctor))
                .sub(sub("help", 2, "loading stale")
                    .handler(MonitoringCommands::latencyHelp))
                .container(),
            CommandSpec.builder("monitor", 1, "server", null).flags(adminNoScript)
                .run(MonitoringCommands::monitor));
    }

    private static CommandSpec.Builder sub(String name, int arity, String flags) {
        return CommandSpec.builder(name, arity, "server", null).flags(flags);
    }
}
