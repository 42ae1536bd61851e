package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.List;

/**
 * Bitmap commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. Readers open the sealed
 * value after releasing the lock; SETBIT and BITOP open, compute and reseal under it.
 */
public final class BitCommands {
    private BitCommands() {
    }

    static void setbit(CommandContext c) {
        byte[] key = c.arg(1);
        long offset = BitOffset.parse(c, c.arg(2));
        Long bit = Args.tryParseLong(c.arg(3));
        if (bit == null || (bit & ~1L) != 0) {
            throw new CommandException("ERR bit is not an integer or out of range");
        }
        int previous;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            byte[] current = StringEdit.open(c, db, entry);
            int before = current.length;
            byte[] value = StringEdit.grown(current, (int) (offset >>> 3) + 1);
            previous = BitArrays.get(value, offset);
            if (entry != null && value.length == before && previous == bit) {
                StringEdit.wipe(value);
                c.keyspace().writes().madeEditable(entry);
            } else {
                BitArrays.set(value, offset, (int) (long) bit);
                StringEdit.store(c, db, key, entry, value, "setbit");
            }
        }
        c.reply().integer(previous);
    }

    static void getbit(CommandContext c) {
        long offset = BitOffset.parse(c, c.arg(2));
        SealedRead value = c.readString(c.arg(1));
        if (value == null) {
            c.reply().integer(0);
            return;
        }
        byte[] plaintext = c.open(value);
        int bit = BitArrays.get(plaintext, offset);
        StringEdit.wipe(plaintext);
        c.reply().integer(bit);
    }

    static void bitcount(CommandContext c) {
        SealedRead value = c.readString(c.arg(1));
        if (value == null) {
            c.reply().integer(0);
            return;
        }
        BitRange range;
        if (c.argc() == 2) {
            range = BitRange.whole();
        } else if (c.argc() == 4 || c.argc() == 5) {
            range = BitRange.forCount(c);
        } else {
            throw Errors.syntax();
        }
        if (range.start() < 0 && range.end() < 0 && range.start() > range.end()) {
            c.reply().integer(0);
            return;
        }
        byte[] plaintext = c.open(value);
        try {
            long[] bits = range.bits(plaintext.length);
            c.reply().integer(bits == null ? 0 : BitArrays.count(plaintext, bits[0], bits[1]));
        } finally {
            StringEdit.wipe(plaintext);
        }
    }

    static void bitpos(CommandContext c) {
        Long bit = Args.tryParseLong(c.arg(2));
        if (bit == null) {
            throw Errors.notInteger();
        }
        if (bit != 0 && bit != 1) {
            throw new CommandException("ERR The bit argument must be 1 or 0.");
        }
        SealedRead value = c.readString(c.arg(1));
        if (value == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        if (c.argc() > 6) {
            throw Errors.syntax();
        }
        BitRange range = c.argc() == 3 ? BitRange.whole() : BitRange.forPos(c);
        byte[] plaintext = c.open(value);
        try {
            c.reply().integer(position(plaintext, range, (int) (long) bit));
        } finally {
            StringEdit.wipe(plaintext);
        }
    }

    /**
     * The first {@code bit} in the range, or -1. Past the end of the string every bit is 0, so a
     * search for 0 without an explicit end finds the first bit after the string.
     */
    private static long position(byte[] plaintext, BitRange range, int bit) {
        long[] bits = range.bits(plaintext.length);
        if (bits == null) {
            return -1;
        }
        long found = BitArrays.first(plaintext, bits[0], bits[1], bit);
        if (found < 0 && bit == 0 && !range.endGiven()) {
            return bits[1] + 1;
        }
        return found;
    }

    static void bitop(CommandContext c) {
        BitOperation op = BitOperation.parse(c.arg(1));
        if (op == BitOperation.NOT && c.argc() != 4) {
            throw new CommandException("ERR BITOP NOT must be called with a single source key.");
        }
        byte[] target = c.arg(2);
        long length;
        try (var lock = c.lock()) {
            Database db = c.db();
            byte[][] sources = openSources(c, db);
            byte[] result = op.apply(sources);
            wipeAll(sources);
            length = result.length;
            try {
                if (length > 0) {
                    c.keyspace().writes().set(db, target, c.seal(db, target, result), false, StringOrigin.EDITED);
                    c.notifyEvent(KeyspaceEvents.STRING, "set", target);
                } else if (c.keyspace().writes().deleteEvenExpired(db, target)) {
                    c.notifyEvent(KeyspaceEvents.GENERIC, "del", target);
                }
            } finally {
                StringEdit.wipe(result);
            }
        }
        c.reply().integer(length);
    }

    /** The plaintexts of the source keys, empty for missing ones; WRONGTYPE before any is opened. */
    private static byte[][] openSources(CommandContext c, Database db) {
        int n = c.argc() - 3;
        Entry[] entries = new Entry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = c.keyspace().lookupRead(db, c.arg(3 + i));
            if (entries[i] != null) {
                Values.string(entries[i]);
            }
        }
        byte[][] sources = new byte[n][];
        try {
            for (int i = 0; i < n; i++) {
                sources[i] = StringEdit.open(c, db, entries[i]);
            }
        } catch (RuntimeException e) {
            wipeAll(sources);
            throw e;
        }
        return sources;
    }

    private static void wipeAll(byte[][] plaintexts) {
        for (byte[] plaintext : plaintexts) {
            if (plaintext != null) {
                StringEdit.wipe(plaintext);
            }
        }
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("setbit", 4).flags("write denyoom").keys(1, 1, 1, "RW access update")
                .run(BitCommands::setbit),
            cmd("getbit", 3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(BitCommands::getbit),
            cmd("bitcount", -2).flags("readonly").keys(1, 1, 1, "RO access")
                .run(BitCommands::bitcount),
            cmd("bitpos", -3).flags("readonly").keys(1, 1, 1, "RO access")
                .run(BitCommands::bitpos),
            cmd("bitop", -4).flags("write denyoom").keys(2, -1, 1, "OW update;RO access")
                .run(BitCommands::bitop));
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "bitmap", "bitmap");
    }
}
