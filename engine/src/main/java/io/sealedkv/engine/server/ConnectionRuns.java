package io.sealedkv.engine.server;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.hash.HashSetRun;
import io.sealedkv.engine.command.list.ListPopRun;
import io.sealedkv.engine.command.list.ListPushRun;
import io.sealedkv.engine.command.set.SetAddRun;
import io.sealedkv.engine.command.set.SetPopRun;
import io.sealedkv.engine.command.string.IncrRun;
import io.sealedkv.engine.command.string.SetRun;
import io.sealedkv.engine.command.zset.ZAddRun;
import io.sealedkv.engine.command.zset.ZPopRun;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The write runs of one connection, each made the first time one of its requests can start that kind of
 * run. A run keeps an array per field for a whole batch of commands, about 1 KB per kind: made up front,
 * the nine kinds cost every connection ~9 KB of heap (13.4 KB per idle connection in all, against ~4 KB
 * without them), which a connection that never pipelines a write never uses.
 */
final class ConnectionRuns {
    private static final List<IntFunction<WriteRun>> KINDS = List.of(SetRun::new, IncrRun::new,
            ListPushRun::new, ListPopRun::new, HashSetRun::new, SetAddRun::new, ZAddRun::new, ZPopRun::new,
            SetPopRun::new);
    /** One empty run of each kind, asked only whether a request can join its kind (a question of names). */
    private static final WriteRun[] JUDGES = KINDS.stream().map(kind -> kind.apply(0)).toArray(WriteRun[]::new);

    private final int capacity;
    private final WriteRun[] runs = new WriteRun[KINDS.size()];

    ConnectionRuns(int capacity) {
        this.capacity = capacity;
    }

    /** This connection's run of the kind the request can start, made on first use; null when none can. */
    WriteRun forRequest(CommandSpec spec, byte[][] args) {
        for (int kind = 0; kind < JUDGES.length; kind++) {
            if (JUDGES[kind].takes(spec, args)) {
                if (runs[kind] == null) {
                    runs[kind] = KINDS.get(kind).apply(capacity);
                }
                return runs[kind];
            }
        }
        return null;
    }
}
