package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/** Server commands: TIME, SHUTDOWN; COMMAND, CONFIG and INFO have their own classes. */
public final class ServerCommands {
    private ServerCommands() {
    }

    static void time(CommandContext c) {
        long micros = java.time.Instant.now().toEpochMilli() * 1000;
        c.reply().array(2);
        c.reply().bulk(micros / 1_000_000);
        c.reply().bulk(micros % 1_000_000);
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        List<CommandSpec> table = new ArrayList<>();
        table.add(cmd("time", 1).flags("loading stale fast").tips("nondeterministic_output")
            .doc("Returns the server time.", "2.6.0").run(ServerCommands::time));
        return table;
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", null);
    }
}
