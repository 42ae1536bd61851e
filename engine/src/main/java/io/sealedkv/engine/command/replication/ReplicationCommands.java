package io.sealedkv.engine.command.replication;

import io.sealedkv.engine.blocking.BlockedAction;
import io.sealedkv.engine.blocking.BlockedReply;
import io.sealedkv.engine.blocking.Timeouts;
import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.keyspace.Database;
import java.util.List;

/**
 * Replication commands as a master without replicas answers them, which is what SealedKV is until
 * replication is built: ROLE, and WAIT, which no replica ever acknowledges (clients' pools and proxies
 * send both to a standalone server).
 */
public final class ReplicationCommands {
    /** WAIT's wait: no replica acknowledges anything, so only its timeout (or CLIENT UNBLOCK) ends it. */
    private static final BlockedAction NO_REPLICA_ACKS = new BlockedAction() {
        @Override
        public BlockedReply attempt(Database db, byte[] readyKey) {
            return null;
        }

        @Override
        public BlockedReply unserved() {
            return c -> c.reply().integer(0);
        }
    };

    private ReplicationCommands() {
    }

    static void role(CommandContext c) {
        c.reply().array(3);
        c.reply().bulk("master");
        c.reply().integer(0);
        c.reply().array(0);
    }

    /**
     * WAIT numreplicas timeout: the number of replicas that acknowledged this client's writes, 0; at once
     * when that is enough (numreplicas of 0 or less) or inside EXEC, else after the timeout in
     * milliseconds (0: never), as Redis 7.0.
     */
    static void waitForReplicas(CommandContext c) {
        long replicas = Args.parseLong(c.arg(1));
        long timeout = Timeouts.parseMillis(c.arg(2)); // 7.0 waits on however large it is
        if (replicas <= 0 || c.inTransaction()) {
            c.reply().integer(0);
            return;
        }
        try (var lock = c.lock()) {
            c.server().blockedClients().block(c.session(), c.db().index(), List.of(), timeout, NO_REPLICA_ACKS);
        }
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("role", 1).flags("noscript loading stale fast").acl("admin dangerous")
                .run(ReplicationCommands::role),
            cmd("wait", 3).flags("noscript").acl("connection").tips("request_policy:all_shards response_policy:agg_min")
                .run(ReplicationCommands::waitForReplicas));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", null);
    }
}
