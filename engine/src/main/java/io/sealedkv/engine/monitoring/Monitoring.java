package io.sealedkv.engine.monitoring;

import io.sealedkv.engine.command.CommandFlag;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.config.ConfigParameter;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.server.ClientSession;
import java.util.List;

/**
 * What the server records about the commands it runs: INFO commandstats and errorstats, SLOWLOG,
 * LATENCY and MONITOR. {@link #executed} is called once per command, after it ran and before its
 * arguments are wiped. The parameters it reads per command are looked up by name once; their
 * values are read live, so CONFIG SET takes effect from the next command.
 */
public final class Monitoring {
    private final Config config;
    private final CommandStats stats = new CommandStats();
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final Monitors monitors;
    private final ConfigParameter latencyTracking;
    private final ConfigParameter slowlogSlowerThan;
    private final ConfigParameter latencyMonitorThreshold;

    public Monitoring(Config config) {
        this.config = config;
        this.latencyTracking = config.parameter("latency-tracking");
        this.slowlogSlowerThan = config.parameter("slowlog-log-slower-than");
        this.latencyMonitorThreshold = config.parameter("latency-monitor-threshold");
        this.monitors = new Monitors(new PushDelivery(() -> config.currentOutputLimits().normal()));
    }

    public CommandStats stats() {
        return stats;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    public Monitors monitors() {
        return monitors;
    }

    private boolean showValues() {
        return config.boolValue("show-argument-values");
    }

    public void executed(ClientSession session, CommandSpec spec, byte[][] args, long micros, boolean failed) {
        stats.executed(spec.fullName(), micros, failed, (Boolean) latencyTracking.value());
        long slower = (Long) slowlogSlowerThan.value();
        if (slower >= 0 && micros >= slower && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
            slowLog.add(micros, ShownArguments.of(spec, args, showValues()), session.address(), session.name(),
                    config.intValue("slowlog-max-len"));
        }
        long threshold = (Long) latencyMonitorThreshold.value();
        if (threshold > 0 && micros / 1000 >= threshold) {
            latency.record(spec.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000);
        }
        if (monitors.any() && !spec.has(CommandFlag.ADMIN)) {
            List<byte[]> shown = ShownArguments.of(spec, args, showValues());
            monitors.feed(session, shown);
        }
    }
}
