package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: integer fields of any width up to 64 bits at any bit offset of a string.
 * A call with only GETs reads like GET (sealed bytes taken under the lock, opened after it); one that
 * writes opens, applies every operation in order and reseals under the lock.
 */
public final class BitfieldCommand {
    private BitfieldCommand() {
    }

    static void bitfield(CommandContext c) {
        run(c, false);
    }

    static void bitfieldRo(CommandContext c) {
        run(c, true);
    }

    private static void run(CommandContext c, boolean readOnlyCommand) {
        List<BitfieldOp> ops = BitfieldOp.parseAll(c);
        boolean writes = ops.stream().anyMatch(BitfieldOp::writes);
        if (writes && readOnlyCommand) {
            throw new CommandException("ERR BITFIELD_RO only supports the GET subcommand");
        }
        Long[] results = writes ? update(c, ops) : read(c, ops);
        c.reply().array(results.length);
        for (Long result : results) {
            if (result == null) {
                c.reply().nullBulk();
            } else {
                c.reply().integer(result);
            }
        }
    }

    private static Long[] read(CommandContext c, List<BitfieldOp> ops) {
        SealedRead value = c.readString(c.arg(1));
        byte[] plaintext = value == null ? new byte[0] : c.open(value);
        Long[] results = new Long[ops.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = ops.get(i).read(plaintext);
        }
        StringEdit.wipe(plaintext);
        return results;
    }

    private static Long[] update(CommandContext c, List<BitfieldOp> ops) {
        byte[] key = c.arg(1);
        long highestBit = 0;
        for (BitfieldOp op : ops) {
            if (op.writes()) {
                highestBit = Math.max(highestBit, op.offset() + op.width() - 1);
            }
        }
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            byte[] current = StringEdit.open(c, db, entry);
            int before = current.length;
            byte[] value = StringEdit.grown(current, (int) (highestBit >>> 3) + 1);
            Long[] results = new Long[ops.size()];
            boolean changed = entry == null || value.length != before;
            boolean wrote = false;
            for (int i = 0; i < results.length; i++) {
                BitfieldOp op = ops.get(i);
                long old = op.read(value);
                results[i] = op.writes() ? write(op, value, old) : Long.valueOf(old);
                changed |= op.writes() && results[i] != null && op.read(value) != old;
                wrote |= op.writes() && results[i] != null;
            }
            if (changed) {
                StringEdit.store(c, db, key, entry, value, wrote ? "setbit" : null);
            } else {
                StringEdit.wipe(value);
            }
            return results;
        }
    }

    /** Applies a SET or INCRBY; the reply is the old value for SET, the new one for INCRBY, null on FAIL. */
    private static Long write(BitfieldOp op, byte[] value, long old) {
        boolean set = op.kind() == BitfieldOp.Kind.SET;
        Long updated = set ? op.overflow().apply(op.value(), 0, op.width(), op.signed())
                : op.overflow().apply(old, op.value(), op.width(), op.signed());
        if (updated == null) {
            return null;
        }
        BitArrays.setField(value, op.offset(), op.width(), updated);
        return set ? old : updated;
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            BitCommands.cmd("bitfield", -2).flags("write denyoom").keys(1, 1, 1, "RW access update variable_flags")
                .keyNotes("This command allows both access and modification of the key")
                .run(BitfieldCommand::bitfield),
            BitCommands.cmd("bitfield_ro", -2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(BitfieldCommand::bitfieldRo));
    }
}
