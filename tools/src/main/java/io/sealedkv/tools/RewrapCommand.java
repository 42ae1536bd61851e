package io.sealedkv.tools;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** {@code sealedkv keys rewrap}: SEALEDKV REWRAP on a running server, optionally waiting for it. */
@Command(name = "rewrap",
        description = {"Starts re-sealing, in the running server, every value not under the primary data key"
                + " version (SEALEDKV REWRAP), so that older versions protect nothing and can be destroyed"
                + " (after a SAVE: snapshots written before keep needing them). A rewrap already running is"
                + " joined, not restarted.",
            "With --wait, follows it to the end: a progress bar on stderr when it is a terminal, then one line on"
                    + " stdout: the outcome, keys scanned and resealed. Exit code 1 when it was stopped, failed or"
                    + " left keys under older versions."})
final class RewrapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = false, heading = "Server:%n")
    ServerOptions server = new ServerOptions();

    @Option(names = "--wait", description = "Wait until the rewrap ends, showing its progress.")
    boolean waitForEnd;

    @Option(names = "--poll-millis", paramLabel = "MS", defaultValue = "200", hidden = true)
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (Jedis jedis = server.connect()) {
            boolean joined = false;
            try {
                jedis.sendCommand(() -> SafeEncoder.encode("SEALEDKV"), "REWRAP", "START");
            } catch (JedisDataException e) {
                if (!e.getMessage().contains("already in progress")) {
                    throw new CommandFailedException("the server refused SEALEDKV REWRAP: " + e.getMessage());
                }
                joined = true;
            }
            if (!waitForEnd) {
                out.println(joined ? "a rewrap was already in progress" : "rewrap started");
                return ExitCodes.OK;
            }
            return follow(jedis, out);
        }
    }

    private int follow(Jedis jedis, PrintWriter out) throws InterruptedException {
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null, "rewrap");
        long initial = -1;
        while (true) {
            Map<String, String> fields = ServerOptions.info(jedis, "sealedkv");
            long remaining = Long.parseLong(fields.getOrDefault("rewrap_remaining", "0"));
            long resealed = Long.parseLong(fields.getOrDefault("rewrap_resealed", "0"));
            long scanned = Long.parseLong(fields.getOrDefault("rewrap_scanned", "0"));
            initial = Math.max(initial, remaining + resealed);
            String detail = scanned + " scanned, " + resealed + " resealed, " + remaining + " left";
            if (!"1".equals(fields.get("rewrap_in_progress"))) {
                bar.finish(initial - remaining, initial, detail);
                String status = fields.getOrDefault("rewrap_status", "unknown");
                out.printf("rewrap %s: %d keys scanned, %d resealed under key version %s%n", status, scanned,
                        resealed, fields.get("rewrap_target_version"));
                return status.equals("done") ? ExitCodes.OK : ExitCodes.FAILED;
            }
            bar.update(initial - remaining, initial, detail);
            Thread.sleep(pollMillis);
        }
    }
}
