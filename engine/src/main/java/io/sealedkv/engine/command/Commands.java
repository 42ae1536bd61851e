package io.sealedkv.engine.command;

import io.sealedkv.engine.command.connection.ConnectionCommands;
import io.sealedkv.engine.command.keys.KeyCommands;
import io.sealedkv.engine.command.server.ServerCommands;
import io.sealedkv.engine.command.string.StringCommands;

/** Every family's table, in one {@link CommandTable}. */
public final class Commands {
    private Commands() {
    }

    public static CommandTable all() {
        return new CommandTable()
                .add(StringCommands.table())
                .add(io.sealedkv.engine.command.string.RangeCommands.table())
                .add(io.sealedkv.engine.command.string.BitCommands.table())
                .add(io.sealedkv.engine.command.string.BitfieldCommand.table())
                .add(io.sealedkv.engine.command.string.LcsCommand.table())
                .add(KeyCommands.table())
                .add(ConnectionCommands.table())
                .add(ServerCommands.table());
    }
}
