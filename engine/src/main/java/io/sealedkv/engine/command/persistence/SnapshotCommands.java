package io.sealedkv.engine.command.persistence;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.persistence.SnapshotException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SAVE, BGSAVE [SCHEDULE] and LASTSAVE over the server's {@link io.sealedkv.engine.persistence.Persistence}.
 * As in Redis, BGSAVE SCHEDULE differs from BGSAVE only while another kind of background job (an AOF
 * rewrite) runs, which SealedKV does not have: while a background save runs, both are refused.
 */
public final class SnapshotCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCommands.class);
    private static final String IN_PROGRESS = "Background save already in progress";

    private SnapshotCommands() {
    }

    static void save(CommandContext c) {
        try {
            c.server().persistence().save();
        } catch (IllegalStateException e) {
            throw Errors.generic(IN_PROGRESS);
        } catch (SnapshotException e) {
            LOG.error("SAVE failed: {}", e.getMessage());
            throw new CommandException("ERR");
        }
        c.reply().ok();
    }

    static void bgsave(CommandContext c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "schedule"))) {
            throw Errors.syntax();
        }
        try {
            if (c.inTransaction()) { // EXEC holds the keyspace lock: see Persistence.scheduleBackground
                c.server().persistence().scheduleBackground();
                c.reply().simple("Background saving scheduled");
            } else {
                c.reply().simple(c.server().persistence().background());
            }
        } catch (IllegalStateException e) {
            throw Errors.generic(IN_PROGRESS);
        }
    }

    static void lastsave(CommandContext c) {
        c.reply().integer(c.server().persistence().lastSaveSeconds());
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("save", 1).flags("admin noscript no_multi")
                .run(SnapshotCommands::save),
            cmd("bgsave", -1).flags("admin noscript")
                .run(SnapshotCommands::bgsave),
            cmd("lastsave", 1).flags("loading stale fast").acl("admin dangerous").tips("nondeterministic_output")
                .run(SnapshotCommands::lastsave));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", null);
    }
}
