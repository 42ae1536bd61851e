package io.sealedkv.engine.command.transaction;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.keyspace.Watches;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing happens in the dispatcher (everything but these,
 * QUIT and RESET is queued inside MULTI); EXEC runs the queue atomically (see
 * {@code server.TransactionExecutor}); WATCH registers keys with {@link Watches}, which the write
 * path tells of every change, expiry, flush and swap.
 */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    static void multi(CommandContext c) {
        if (c.session().transaction().active()) {
            throw Errors.generic("MULTI calls can not be nested");
        }
        c.session().transaction().begin();
        c.reply().ok();
    }

    static void exec(CommandContext c) {
        c.server().exec(c);
    }

    static void discard(CommandContext c) {
        if (!c.session().transaction().active()) {
            throw Errors.generic("DISCARD without MULTI");
        }
        c.server().endTransaction(c.session());
        c.reply().ok();
    }

    static void watch(CommandContext c) {
        if (c.session().transaction().active()) {
            throw Errors.generic("WATCH inside MULTI is not allowed");
        }
        Watches.WatchSet watched = c.session().transaction().watched();
        try (var lock = c.lock()) {
            for (int i = 1; i < c.argc(); i++) {
                c.keyspace().watches().watch(watched, c.session().database(), c.arg(i));
            }
        }
        c.reply().ok();
    }

    static void unwatch(CommandContext c) {
        try (var lock = c.lock()) {
            c.keyspace().watches().unwatchAll(c.session().transaction().watched());
        }
        c.reply().ok();
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("multi", 1).flags("noscript loading stale fast allow_busy")
                .run(TransactionCommands::multi),
            cmd("exec", 1).flags("noscript loading stale skip_slowlog")
                .run(TransactionCommands::exec),
            cmd("discard", 1).flags("noscript loading stale fast allow_busy")
                .run(TransactionCommands::discard),
            cmd("watch", -2).flags("noscript loading stale fast allow_busy").keys(1, -1, 1, "RO")
                .run(TransactionCommands::watch),
            cmd("unwatch", 1).flags("noscript loading stale fast allow_busy")
                .run(TransactionCommands::unwatch));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "transactions", "transaction");
    }
}
