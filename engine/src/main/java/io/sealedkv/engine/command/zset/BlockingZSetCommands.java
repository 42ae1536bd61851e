package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.blocking.BlockedReply;
import io.sealedkv.engine.blocking.Timeouts;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.zset.ZSetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP: the pop of {@link ZPopCommands#pop} on the first key that holds a sorted
 * set, else the client blocks (see {@link io.sealedkv.engine.blocking.BlockedClients}) with an action that
 * pops from the key that became ready. Inside MULTI/EXEC they do not block and answer as on a timeout
 * (a null array). Propagated as Redis does: BZPOPMIN/BZPOPMAX as ZPOPMIN/ZPOPMAX key, BZMPOP as
 * ZPOPMIN/ZPOPMAX key count (the count asked when served at once, the count popped when served later).
 *
 * <p>The served action runs on the thread of the command that made the key ready; it hands
 * {@link ZPopCommands#pop} the blocked client's context only for its server-wide parts (codec, keyspace,
 * configuration), which are final and shared, never for its connection or arguments.
 */
final class BlockingZSetCommands {
    private BlockingZSetCommands() {
    }

    static void bzpopmin(CommandContext c) {
        bzpop(c, false);
    }

    static void bzpopmax(CommandContext c) {
        bzpop(c, true);
    }

    private static void bzpop(CommandContext c, boolean max) {
        long timeout = Timeouts.parseSeconds(c.arg(c.argc() - 1));
        List<byte[]> keys = c.args(1, c.argc() - 1);
        popOrBlock(c, keys, max, -1, timeout);
    }

    static void bzmpop(CommandContext c) {
        ZPopCommands.MpopArgs args = ZPopCommands.MpopArgs.parse(c, 2);
        long timeout = Timeouts.parseSeconds(c.arg(1));
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < args.keys(); i++) {
            keys.add(c.arg(args.firstKey() + i));
        }
        popOrBlock(c, keys, args.max(), args.wanted(), timeout);
    }

    /** Pops from the first key holding a sorted set, or blocks on all of them; {@code count} -1: BZPOPMIN/MAX. */
    private static void popOrBlock(CommandContext c, List<byte[]> keys, boolean max, long count, long timeout) {
        Keyspace keyspace = c.keyspace();
        boolean multi = count != -1;
        long wanted = multi ? count : 1;
        ZPopCommands.Popped popped = null;
        byte[] poppedKey = null;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (byte[] key : keys) {
                Entry entry = keyspace.lookupWrite(db, key);
                if (entry != null) {
                    Values.collection(entry, ZSetValue.class);
                    popped = ZPopCommands.pop(c, db, entry, max, wanted);
                    poppedKey = key.clone();
                    c.propagateAs(multi ? ZPopCommands.popPropagation(max, key, wanted)
                            : ZPopCommands.popPropagation(max, key));
                    break;
                }
            }
            if (popped == null && c.inTransaction()) {
                c.reply().nullArray();
                return;
            }
            if (popped == null) {
                c.server().blockedClients().block(c.session(), db.index(), keys, timeout, (readyDb, key) -> {
                    Entry entry = keyspace.lookupWrite(readyDb, key);
                    if (entry == null || !(entry.value() instanceof ZSetValue)) {
                        return null;
                    }
                    ZPopCommands.Popped served = ZPopCommands.pop(c, readyDb, entry, max, wanted);
                    byte[] servedKey = key.clone();
                    keyspace.writes().propagate(readyDb.index(), multi
                            ? ZPopCommands.popPropagation(max, servedKey, served.size())
                            : ZPopCommands.popPropagation(max, servedKey));
                    return reply(served, servedKey, multi);
                });
                return;
            }
        }
        reply(popped, poppedKey, multi).write(c);
    }

    private static BlockedReply reply(ZPopCommands.Popped popped, byte[] key, boolean multi) {
        return c -> {
            try (popped) {
                if (multi) {
                    popped.replyKeyedNested(c, key);
                } else {
                    popped.replyKeyedFlat(c, key);
                }
            }
        };
    }

    static List<CommandSpec> table() {
        return List.of(
            ZSetCommands.cmd("bzpopmin", -3).flags("write noscript blocking fast").keys(1, -2, 1, "RW access delete")
                .acl("blocking")
                .run(BlockingZSetCommands::bzpopmin),
            ZSetCommands.cmd("bzpopmax", -3).flags("write noscript blocking fast").keys(1, -2, 1, "RW access delete")
                .acl("blocking")
                .run(BlockingZSetCommands::bzpopmax),
            ZSetCommands.cmd("bzmpop", -5).flags("write blocking").keynum(2, "RW access delete").acl("blocking")
                .run(BlockingZSetCommands::bzmpop));
    }
}
