package io.sealedkv.engine.command.cluster;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import java.util.List;

/**
 * The connection commands of cluster clients (READONLY and READWRITE for replica reads, ASKING after an -ASK
 * redirect) answered as a Redis started without cluster support answers them, which is what SealedKV is until
 * the hash-slot cluster is built: cluster-aware clients and proxies that send them to a standalone server get
 * Redis's refusal, not an unknown command.
 */
public final class ClusterCommands {
    private ClusterCommands() {
    }

    static void refuse(CommandContext c) {
        throw new CommandException("ERR This instance has cluster support disabled");
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("readonly").flags("loading stale fast").run(ClusterCommands::refuse),
            cmd("readwrite").flags("loading stale fast").run(ClusterCommands::refuse),
            cmd("asking").flags("fast").run(ClusterCommands::refuse));
    }

    private static CommandSpec.Builder cmd(String name) {
        return CommandSpec.builder(name, 1, "cluster", "connection");
    }
}
