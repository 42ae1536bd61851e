package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.StringUpdate;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import java.util.Arrays;

/**
 * A run of INCR, DECR, INCRBY and DECRBY: one hold reads every key's sealed value, the values are opened,
 * added to and resealed without the lock, and a second hold stores each where the key still holds what
 * was read ({@link CommandContext#storeIfUnchanged}), instead of two holds and a lookup each per command.
 * A key met again in the run starts from the run's own previous result, and expects it stored. A command
 * that cannot be computed ahead (wrong type, not an integer, overflow, or an earlier command on its key
 * that could not) or whose key changed meanwhile runs alone inside the hold, as INCRBY does, with its
 * own error; so do the later commands on its key.
 */
public final class IncrRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final long[] increments;
    /** The sealed value each command expects at its key (null: absent), read or left by the run. */
    private final byte[][] expected;
    private final byte[][] resealed;
    private final long[] results;
    private final boolean[] ahead;
    private final StringUpdate.Result<?>[] computed;
    private long dbId;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public IncrRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        increments = new long[capacity];
        expected = new byte[capacity][];
        resealed = new byte[capacity][];
        results = new long[capacity];
        ahead = new boolean[capacity];
        computed = new StringUpdate.Result<?>[capacity];
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
            increments[i] = switch (c.spec().name()) {
                case "incr" -> 1;
                case "decr" -> -1;
                case "incrby" -> c.argLong(2);
                default -> StringCommands.negatedDecrement(c);
            };
        } catch (CommandException e) {
            return false;
        }
        keys[i] = c.arg(1);
        hashes[i] = hash;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        c.lookAhead(() -> read(c, from, end));
        for (int i = from; i < end; i++) {
            int previous = previousOnKey(from, i);
            if (previous >= 0) {
                ahead[i] = ahead[previous] && compute(c, i, results[previous], resealed[previous]);
            } else if (ahead[i]) {
                ahead[i] = computeFromRead(c, i);
            }
        }
    }

    /**
     * Under the look-ahead hold: the sealed value at each key, and whether it is a string at all. An expired
     * key reads as absent and is left for its command's own lookup to expire, in its turn.
     */
    private void read(CommandContext c, int from, int end) {
        Database db = c.db();
        dbId = db.id();
        for (int i = from; i < end; i++) {
            Entry entry = c.keyspace().lookup(db, keys[i], hashes[i], Keyspace.NO_STATS | Keyspace.NO_EXPIRE);
            Object value = entry == null ? null : entry.value();
            ahead[i] = value == null || value instanceof byte[];
            expected[i] = value instanceof byte[] sealed ? sealed : null;
        }
    }

    private int previousOnKey(int from, int i) {
        for (int j = i - 1; j >= from; j--) {
            if (hashes[j] == hashes[i] && Arrays.equals(keys[j], keys[i])) {
                return j;
            }
        }
        return -1;
    }

    private boolean computeFromRead(CommandContext c, int i) {
        byte[] current = expected[i] == null ? null : c.open(dbId, keys[i], expected[i]);
        try {
            return apply(c, i, StringCommands.add(current, increments[i]));
        } catch (RuntimeException e) {
            // not an integer, an overflow or a value that does not open: the command runs alone and says so
            return false;
        } finally {
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
        }
    }

    /** Command {@code i} on the key an earlier command of the run left at {@code value}, sealed as {@code sealed}. */
    private boolean compute(CommandContext c, int i, long value, byte[] sealed) {
        expected[i] = sealed;
        byte[] current = Text.bytes(Long.toString(value));
        try {
            return apply(c, i, StringCommands.add(current, increments[i]));
        } catch (RuntimeException e) {
            // an overflow, or a seal that failed: the command runs alone and says so
            return false;
        } finally {
            Arrays.fill(current, (byte) 0);
        }
    }

    /** Keeps command {@code i}'s result and seals its new value; true, as it is then computed ahead. */
    private boolean apply(CommandContext c, int i, StringUpdate.Result<Long> result) {
        results[i] = result.reply();
        computed[i] = result;
        try {
            resealed[i] = c.seal(dbId, keys[i], result.value());
        } finally {
            Arrays.fill(result.value(), (byte) 0);
        }
        return true;
    }

    @Override
    public void commit(CommandContext c, int i) {
        if (!ahead[i] || !c.storeIfUnchanged(keys[i], hashes[i], dbId, expected[i], resealed[i],
                computed[i].origin(), "incrby")) {
            results[i] = StringCommands.incrBy(c, keys[i], increments[i]);
        }
    }

    @Override
    public void reply(CommandContext c, int i) {
        long result = results[i];
        forget(i);
        c.reply().integer(result);
    }

    @Override
    public void forget(int i) {
        results[i] = 0;
        increments[i] = 0;
        keys[i] = null;
        expected[i] = null;
        resealed[i] = null;
        computed[i] = null;
        ahead[i] = false;
    }
}
