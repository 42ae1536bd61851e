package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.PreSealed;
import io.sealedkv.engine.command.StringUpdate;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.command.WrongTypeException;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.Arrays;

/**
 * A run of INCR, DECR, INCRBY and DECRBY, as {@link CommandContext#update} runs each, but all reads
 * under one hold and all compare-and-set commits under another: a key read, computed on and sealed
 * without the lock is stored only if it still holds what was read. The outcome of a command that
 * fails (WRONGTYPE, not an integer, overflow) is checked the same way, as it rests on what was read.
 * Two commands of the run on one key: the second's commit finds the first's value and runs alone.
 */
public final class IncrementRun extends WriteRun {
    private final int[] hashes;
    private final long[] increments;
    /** What each key held at the read (the stored value, compared by identity), or null. */
    private final Object[] read;
    private final long[] dbIds;
    private final PreSealed[] results;
    private final long[] sums;
    private final CommandException[] errors;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public IncrementRun(int capacity) {
        hashes = new int[capacity];
        increments = new long[capacity];
        read = new Object[capacity];
        dbIds = new long[capacity];
        results = new PreSealed[capacity];
        sums = new long[capacity];
        errors = new CommandException[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return switch (spec.name()) {
            case "incr", "decr" -> args.length == 2;
            case "incrby", "decrby" -> args.length == 3;
            default -> false;
        };
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        try {
            increments[i] = StringCommands.increment(c);
            hashes[i] = hash;
            return true;
        } catch (CommandException e) {
            return false;
        }
    }

    @Override
    public boolean reads() {
        return true;
    }

    @Override
    public void read(CommandContext c, int i) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, c.arg(1), hashes[i]);
            read[i] = entry == null ? null : entry.value();
            dbIds[i] = db.id();
        }
    }

    @Override
    public void compute(CommandContext c, int i) {
        if (read[i] != null && !(read[i] instanceof byte[])) {
            errors[i] = new WrongTypeException();
            return;
        }
        byte[] current = read[i] == null ? null : c.open(dbIds[i], c.arg(1), (byte[]) read[i]);
        try {
            StringUpdate.Result<Long> result = StringCommands.add(current, increments[i]);
            results[i] = c.preseal(c.arg(1), result.value());
            Arrays.fill(result.value(), (byte) 0);
            sums[i] = result.reply();
        } catch (CommandException e) {
            errors[i] = e;
        } finally {
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
        }
    }

    @Override
    public boolean commit(CommandContext c, int i) {
        try (var lock = c.lock()) {
            Database db = c.db();
            byte[] key = c.arg(1);
            Entry entry = c.keyspace().lookupWrite(db, key, hashes[i]);
            // The result was sealed for the database as it was computed (its plaintext is wiped since): a
            // SWAPDB in between sends the command to run alone, as a changed key does.
            if (db.id() != dbIds[i] || (entry == null ? null : entry.value()) != read[i]
                    || (errors[i] == null && results[i].dbId() != dbIds[i])) {
                return false;
            }
            if (errors[i] == null) {
                byte[] sealed = results[i].sealed();
                if (entry == null) {
                    c.keyspace().writes().set(db, key, hashes[i], sealed, false);
                } else {
                    c.keyspace().writes().replace(db, entry, sealed, StringOrigin.STORED);
                }
                c.notifyEvent(KeyspaceEvents.STRING, "incrby", key);
            }
            return true;
        }
    }

    @Override
    public void reply(CommandContext c, int i) {
        CommandException error = errors[i];
        long sum = sums[i];
        forget(i);
        if (error != null) {
            throw error;
        }
        c.reply().integer(sum);
    }

    @Override
    public void forget(int i) {
        read[i] = null;
        results[i] = null;
        errors[i] = null;
    }
}
