package io.sealedkv.engine.command.list;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.blocking.BlockedAction;
import io.sealedkv.engine.blocking.BlockedReply;
import io.sealedkv.engine.blocking.Timeouts;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.List;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: the non-blocking command when a key has elements, else the
 * client blocks (see {@link io.sealedkv.engine.blocking.BlockedClients}) with an action that does the same
 * on the key that became ready. Propagated as the non-blocking command Redis rewrites them to: BLPOP as
 * LPOP, BLMOVE as LMOVE, BRPOPLPUSH as RPOPLPUSH, BLMPOP as LPOP/RPOP with a count.
 */
final class BlockingListCommands {
    private static final byte[] LMOVE = Text.bytes("LMOVE");
    private static final byte[] RPOPLPUSH = Text.bytes("RPOPLPUSH");
    private static final byte[] LEFT = Text.bytes("LEFT");
    private static final byte[] RIGHT = Text.bytes("RIGHT");

    private BlockingListCommands() {
    }

    static void blpop(CommandContext c) {
        bpop(c, true);
    }

    static void brpop(CommandContext c) {
        bpop(c, false);
    }

    private static void bpop(CommandContext c, boolean head) {
        long timeout = Timeouts.parseSeconds(c.arg(c.argc() - 1));
        List<byte[]> keys = c.args(1, c.argc() - 1);
        popOrBlock(c, keys, head, 1, timeout, false);
    }

    static void blmpop(CommandContext c) {
        long timeout = Timeouts.parseSeconds(c.arg(1));
        ListMoves.MpopArgs args = ListMoves.MpopArgs.parse(c, 2);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < args.keys(); i++) {
            keys.add(c.arg(args.firstKey() + i));
        }
        popOrBlock(c, keys, args.head(), args.count(), timeout, true);
    }

    /** Pops from the first non-empty key, or blocks on all of them. */
    private static void popOrBlock(CommandContext c, List<byte[]> keys, boolean head, long count, long timeout,
                                   boolean multi) {
        Keyspace keyspace = c.keyspace();
        ValueCodec codec = c.codec();
        NodeFill fill = ListAccess.fill(c);
        Popped popped = null;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (byte[] key : keys) {
                Entry entry = keyspace.lookupWrite(db, key);
                if (entry != null) {
                    ListAccess.list(entry);
                    popped = ListAccess.pop(keyspace, codec, fill, db, entry, head, count);
                    c.propagateAs(popPropagation(popped.key(), head, count, multi));
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
                    if (entry == null || !(entry.value() instanceof SealedList)) {
                        return null;
                    }
                    Popped served = ListAccess.popSealed(keyspace, codec, fill, readyDb, entry, head, count);
                    keyspace.writes().propagate(readyDb.index(), popPropagation(served.key(), head, count, multi));
                    return reply(served, multi);
                });
                return;
            }
        }
        reply(popped, multi).write(c);
    }

    private static byte[][] popPropagation(byte[] key, boolean head, long count, boolean multi) {
        byte[] command = head ? ListAccess.LPOP : ListAccess.RPOP;
        return multi ? new byte[][] {command, key, Text.bytes(Long.toString(count))} : new byte[][] {command, key};
    }

    private static BlockedReply reply(Popped popped, boolean multi) {
        if (multi) {
            return c -> ListMoves.writeKeyAndElements(c.reply(), popped);
        }
        return c -> {
            c.reply().array(2);
            c.reply().bulk(popped.key());
            popped.writeElements(c.reply());
        };
    }

    static void blmove(CommandContext c) {
        boolean fromHead = ListMoves.side(c, 3);
        boolean toHead = ListMoves.side(c, 4);
        long timeout = Timeouts.parseSeconds(c.arg(5));
        moveOrBlock(c, fromHead, toHead, timeout,
                new byte[][] {LMOVE, c.arg(1).clone(), c.arg(2).clone(), fromHead ? LEFT : RIGHT, toHead ? LEFT : RIGHT});
    }

    static void brpoplpush(CommandContext c) {
        long timeout = Timeouts.parseSeconds(c.arg(3));
        moveOrBlock(c, false, true, timeout, new byte[][] {RPOPLPUSH, c.arg(1).clone(), c.arg(2).clone()});
    }

    private static void moveOrBlock(CommandContext c, boolean fromHead, boolean toHead, long timeout,
                                    byte[][] propagation) {
        Keyspace keyspace = c.keyspace();
        ValueCodec codec = c.codec();
        NodeFill fill = ListAccess.fill(c);
        byte[] source = propagation[1];
        byte[] destination = propagation[2];
        ListAccess.Moved moved;
        try (var lock = c.lock()) {
            Database db = c.db();
            moved = ListAccess.move(keyspace, codec, fill, db, source, destination, fromHead, toHead, false);
            if (moved == null && c.inTransaction()) {
                c.reply().nullBulk();
                return;
            }
            if (moved == null) {
                BlockedAction action = (readyDb, key) -> {
                    Entry from = keyspace.lookupWrite(readyDb, source);
                    if (from == null || !(from.value() instanceof SealedList)) {
                        return null;
                    }
                    // a destination of another type throws WRONGTYPE, which answers and unblocks the client
                    // (BlockedClients.serve) with the element left in the source, as Redis does
                    ListAccess.Moved served = ListAccess.move(keyspace, codec, fill, readyDb, source, destination,
                            fromHead, toHead, true);
                    keyspace.writes().propagate(readyDb.index(), propagation);
                    return served::write;
                };
                c.server().blockedClients().block(c.session(), db.index(), List.of(source), timeout, action);
                return;
            }
            c.propagateAs(propagation);
        }
        moved.write(c);
    }
}
