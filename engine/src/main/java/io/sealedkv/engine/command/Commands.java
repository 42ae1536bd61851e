package io.sealedkv.engine.command;

import io.sealedkv.engine.command.cluster.ClusterCommands;
import io.sealedkv.engine.command.connection.ConnectionCommands;
import io.sealedkv.engine.command.docs.CommandDocsFile;
import io.sealedkv.engine.command.hash.HashCommands;
import io.sealedkv.engine.command.keys.KeyCommands;
import io.sealedkv.engine.command.list.ListCommands;
import io.sealedkv.engine.command.pubsub.PubSubCommands;
import io.sealedkv.engine.command.server.AclCommand;
import io.sealedkv.engine.command.server.MemoryCommands;
import io.sealedkv.engine.command.server.MonitoringCommands;
import io.sealedkv.engine.command.persistence.DumpCommands;
import io.sealedkv.engine.command.persistence.SnapshotCommands;
import io.sealedkv.engine.command.sealedkv.SealedKvCommands;
import io.sealedkv.engine.command.replication.ReplicationCommands;
import io.sealedkv.engine.command.server.ServerCommands;
import io.sealedkv.engine.command.set.SetCommands;
import io.sealedkv.engine.command.string.BitCommands;
import io.sealedkv.engine.command.string.BitfieldCommand;
import io.sealedkv.engine.command.string.LcsCommand;
import io.sealedkv.engine.command.string.RangeCommands;
import io.sealedkv.engine.command.string.StringCommands;
import io.sealedkv.engine.command.transaction.TransactionCommands;
import io.sealedkv.engine.command.zset.ZSetCommands;

/** Every family's table, in one {@link CommandTable}, documented by Redis's documentation. */
public final class Commands {
    private Commands() {
    }

    public static CommandTable all() {
        return undocumented().documentedBy(CommandDocsFile.redis());
    }

    /** The table before Redis's documentation is added (what the documentation generator starts from). */
    public static CommandTable undocumented() {
        return new CommandTable()
                .add(StringCommands.table())
                .add(RangeCommands.table())
                .add(BitCommands.table())
                .add(BitfieldCommand.table())
                .add(LcsCommand.table())
                .add(ListCommands.table())
                .add(KeyCommands.table())
                .add(HashCommands.table())
                .add(ConnectionCommands.table())
                .add(ServerCommands.table())
                .add(ReplicationCommands.table())
                .add(ClusterCommands.table())
                .add(TransactionCommands.table())
                .add(PubSubCommands.table())
                .add(MonitoringCommands.table())
                .add(SetCommands.table())
                .add(ZSetCommands.table())
                .add(SnapshotCommands.table())
                .add(DumpCommands.table())
                .add(MemoryCommands.table())
                .add(AclCommand.table())
                .add(SealedKvCommands.table());
    }
}
