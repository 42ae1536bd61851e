package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server commands: TIME, SHUTDOWN, with COMMAND, CONFIG and INFO in their own classes. */
public final class ServerCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);

    private ServerCommands() {
    }

    static void time(CommandContext c) {
        Instant now = Instant.now();
        c.reply().array(2);
        c.reply().bulk(now.getEpochSecond());
        c.reply().bulk(now.getNano() / 1000);
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: saves a snapshot when SAVE is given or save points
     * are set (not with NOSAVE), then closes every connection and stops. A failed save keeps the
     * server running with an error, unless FORCE.
     */
    static void shutdown(CommandContext c) {
        boolean save = false;
        boolean nosave = false;
        boolean abort = false;
        boolean force = false;
        for (int i = 1; i < c.argc(); i++) {
            if (c.argIs(i, "save")) {
                save = true;
            } else if (c.argIs(i, "nosave")) {
                nosave = true;
            } else if (c.argIs(i, "abort")) {
                abort = true;
            } else if (c.argIs(i, "force")) {
                force = true;
            } else if (!c.argIs(i, "now")) {
                throw Errors.syntax();
            }
        }
        if ((save && nosave) || (abort && c.argc() > 2)) {
            throw Errors.syntax();
        }
        if (abort) {
            throw Errors.generic("No shutdown in progress.");
        }
        LOG.warn("User requested shutdown...");
        boolean saving = save || (!nosave && c.server().persistence().savePointsSet());
        if (saving && !c.server().saveForShutdown() && !force) {
            throw Errors.generic("Errors trying to SHUTDOWN. Check logs.");
        }
        c.server().closeAsync();
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("time", 1).flags("loading stale fast").tips("nondeterministic_output")
                .run(ServerCommands::time),
            cmd("shutdown", -1).flags("admin noscript loading stale no_multi allow_busy")
                .run(ServerCommands::shutdown),
            InfoCommand.spec(),
            CommandCommand.spec(),
            ConfigCommand.spec());
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", null);
    }
}
