package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import java.util.List;

/**
 * GETRANGE (and its old name SUBSTR) and SETRANGE: reading and overwriting part of a string. GETRANGE
 * takes the sealed value under the lock and opens it after; SETRANGE opens, patches and reseals
 * under the lock.
 */
public final class RangeCommands {
    private static final byte[] EMPTY = new byte[0];

    private RangeCommands() {
    }

    static void getrange(CommandContext c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        SealedRead value = c.readString(c.arg(1));
        if (value == null || (start < 0 && end < 0 && start > end)) {
            c.reply().bulk(EMPTY);
            return;
        }
        byte[] plaintext = c.open(value);
        try {
            long length = plaintext.length;
            long from = clamp(start < 0 ? length + start : start);
            long to = clamp(end < 0 ? length + end : end);
            to = Math.min(to, length - 1);
            if (from > to) {
                c.reply().bulk(EMPTY);
            } else {
                c.reply().bulk(plaintext, (int) from, (int) (to - from + 1));
            }
        } finally {
            StringEdit.wipe(plaintext);
        }
    }

    private static long clamp(long index) {
        return Math.max(index, 0);
    }

    static void setrange(CommandContext c) {
        byte[] key = c.arg(1);
        long offset = c.argLong(2);
        byte[] patch = c.arg(3);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        long length;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            if (entry != null) {
                Values.string(entry); // WRONGTYPE comes before the length checks, as in Redis
            }
            if (patch.length == 0) {
                length = entry == null ? 0 : currentLength(c, db, entry);
            } else {
                StringEdit.checkLength(c, offset, patch.length);
                length = patch(c, db, key, entry, (int) offset, patch);
            }
        }
        c.reply().integer(length);
    }

    private static long currentLength(CommandContext c, Database db, Entry entry) {
        byte[] current = StringEdit.open(c, db, entry);
        StringEdit.wipe(current);
        return current.length;
    }

    /** Writes {@code patch} at {@code offset}, zero-padding as needed; returns the new length. */
    private static long patch(CommandContext c, Database db, byte[] key, Entry entry, int offset, byte[] patch) {
        byte[] patched = StringEdit.grown(StringEdit.open(c, db, entry), offset + patch.length);
        System.arraycopy(patch, 0, patched, offset, patch.length);
        int length = patched.length;
        StringEdit.store(c, db, key, entry, patched, "setrange");
        return length;
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        String getrangeComplexity = "O(N) where N is the length of the returned string. The complexity is "
                + "ultimately determined by the returned length, but because creating a substring from an "
                + "existing string is very cheap, it can be considered O(1) for small strings.";
        return List.of(
            cmd("getrange", 4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(RangeCommands::getrange),
            cmd("substr", 4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(RangeCommands::getrange),
            cmd("setrange", 4).flags("write denyoom").keys(1, 1, 1, "RW update")
                .run(RangeCommands::setrange));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "string", "string");
    }
}
