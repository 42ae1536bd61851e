package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.types.list.NodeFill;

/** LMOVE, RPOPLPUSH and LMPOP, and their argument rules, which the blocking variants share. */
final class ListMoves {
    private ListMoves() {
    }

    static void lmove(CommandContext c) {
        boolean fromHead = side(c, 3);
        boolean toHead = side(c, 4);
        move(c, fromHead, toHead);
    }

    static void rpoplpush(CommandContext c) {
        move(c, false, true);
    }

    private static void move(CommandContext c, boolean fromHead, boolean toHead) {
        NodeFill fill = ListAccess.fill(c);
        ListAccess.Moved moved;
        try (var lock = c.lock()) {
            moved = ListAccess.move(c.keyspace(), c.codec(), fill, c.db(), c.arg(1), c.arg(2), fromHead, toHead,
                    false);
        }
        if (moved == null) {
            c.reply().nullBulk();
        } else {
            moved.write(c);
        }
    }

    /** LEFT (true) or RIGHT (false), else a syntax error. */
    static boolean side(CommandContext c, int index) {
        if (c.argIs(index, "left")) {
            return true;
        }
        if (c.argIs(index, "right")) {
            return false;
        }
        throw Errors.syntax();
    }

    /** LMPOP's arguments after its numkeys position: the keys, the side and the count. */
    record MpopArgs(int firstKey, int keys, boolean head, long count) {
        static MpopArgs parse(CommandContext c, int numkeysAt) {
            Long numkeys = Args.tryParseLong(c.arg(numkeysAt));
            if (numkeys == null || numkeys <= 0) {
                throw new CommandException("ERR numkeys should be greater than 0");
            }
            int firstKey = numkeysAt + 1;
            if (numkeys > c.argc() - firstKey - 1) {
                throw Errors.syntax();
            }
            int sideAt = firstKey + (int) (long) numkeys;
            boolean head = side(c, sideAt);
            long count = 1;
            boolean counted = false;
            for (int i = sideAt + 1; i < c.argc(); i++) {
                if (!counted && c.argIs(i, "count") && i + 1 < c.argc()) {
                    Long value = Args.tryParseLong(c.arg(++i));
                    if (value == null || value <= 0) {
                        throw new CommandException("ERR count should be greater than 0");
                    }
                    count = value;
                    counted = true;
                } else {
                    throw Errors.syntax();
                }
            }
            return new MpopArgs(firstKey, (int) (long) numkeys, head, count);
        }
    }

    static void lmpop(CommandContext c) {
        MpopArgs args = MpopArgs.parse(c, 1);
        Popped popped = null;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = 0; i < args.keys() && popped == null; i++) {
                Entry entry = c.keyspace().lookupWrite(db, c.arg(args.firstKey() + i));
                if (entry != null) {
                    ListAccess.list(entry);
                    popped = ListAccess.pop(c.keyspace(), c.codec(), ListAccess.fill(c), db, entry, args.head(),
                            args.count());
                    c.propagateAs(args.head() ? ListAccess.LPOP : ListAccess.RPOP, popped.key(),
                            Text.bytes(Long.toString(args.count())));
                }
            }
        }
        if (popped == null) {
            c.reply().nullArray();
        } else {
            writeKeyAndElements(c.reply(), popped);
        }
    }

    /** LMPOP's reply: the key and the array of elements popped. */
    static void writeKeyAndElements(RespWriter reply, Popped popped) {
        reply.array(2);
        reply.bulk(popped.key());
        reply.array((int) popped.count());
        popped.writeElements(reply);
    }
}
