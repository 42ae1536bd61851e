package io.sealedkv.engine.command;

import io.sealedkv.engine.command.connection.ConnectionCommands;
import io.sealedkv.engine.command.keys.KeyCommands;
import io.sealedkv.engine.command.persistence.DumpCommands;
import io.sealedkv.engine.command.persistence.SnapshotCommands;
import io.sealedkv.engine.command.server.ServerCommands;
import io.sealedkv.engine.command.string.BitCommands;
import io.sealedkv.engine.command.string.BitfieldCommand;
import io.sealedkv.engine.command.string.LcsCommand;
import io.sealedkv.engine.command.string.RangeCommands;
import io.sealedkv.engine.command.string.StringCommands;

/** Every family's table, in one {@link CommandTable}. */
public final class Commands {
    private Commands() {
    }

    public static CommandTable all() {
        return new CommandTable()
                .add(StringCommands.table())
                .add(RangeCommands.table())
                .add(BitCommands.table())
                .add(BitfieldCommand.table())
                .add(LcsCommand.table())
                .add(KeyCommands.table())
                .add(ConnectionCommands.table())
                .add(ServerCommands.table())
                .add(SnapshotCommands.table())
                .add(DumpCommands.table());
    }
}
