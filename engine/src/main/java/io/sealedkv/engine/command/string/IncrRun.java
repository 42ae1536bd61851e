package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.Arrays;

/**
 * A run of INCRs, DECRs, INCRBYs and DECRBYs, in any mix: their increments parsed before the lock (one with an
 * argument error ends the run and answers alone), the current values of all their keys read in one
 * {@linkplain CommandContext#lookAhead look ahead}, opened, added to and sealed without the lock, and each sum
 * stored under the run's hold if its key still holds what was read ({@link CommandContext#storeIfUnchanged}, the
 * commit of one INCR alone), so each command counts, notifies and propagates as its own change. A key met again
 * in the run adds to the sum the command before stored. A command whose key changed in between (another
 * connection, SWAPDB, expiry), holds another type or no integer, or would overflow, runs as alone, under the
 * hold, and answers as alone, its error included.
 */
public final class IncrRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final long[] increments;
    /** The sealed value command {@code i} computed on, or null when the key was absent. */
    private final byte[][] read;
    /** True when the look ahead found another type than a string: the command runs alone. */
    private final boolean[] otherType;
    /** The sum command {@code i} stores, sealed; null when it runs alone. */
    private final byte[][] resealed;
    private final long[] sums;
    private long dbId;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public IncrRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        increments = new long[capacity];
        read = new byte[capacity][];
        otherType = new boolean[capacity];
        resealed = new byte[capacity][];
        sums = new long[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        String name = spec.name();
        return args.length == 2 ? name.equals("incr") || name.equals("decr")
                : args.length == 3 && (name.equals("incrby") || name.equals("decrby"));
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        try {
            increments[i] = StringCommands.increment(c);
        } catch (CommandException e) {
            return false;
        }
        keys[i] = c.arg(1);
        hashes[i] = hash;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        c.lookAhead(() -> look(c, from, end));
        for (int i = from; i < end; i++) {
            resealed[i] = null;
            int before = sameKeyBefore(from, i);
            try {
                if (before < 0 && !otherType[i]) {
                    add(c, i, read[i] == null ? 0 : opened(c, keys[i], read[i]));
                } else if (before >= 0 && resealed[before] != null) {
                    read[i] = resealed[before];
                    add(c, i, sums[before]);
                }
            } catch (RuntimeException e) {
                // no integer, an overflow, a value that does not open: the command runs alone, answering its error
            }
        }
    }

    /** Seals command {@code i}'s sum on {@code current}; the error INCRBY answers when it would overflow. */
    private void add(CommandContext c, int i, long current) {
        sums[i] = StringCommands.sum(current, increments[i]);
        byte[] text = Text.bytes(Long.toString(sums[i]));
        try {
            resealed[i] = c.seal(dbId, keys[i], text);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** Under the look-ahead hold, changing nothing: what each key holds, and the database's identity. */
    private void look(CommandContext c, int from, int end) {
        Database db = c.db();
        dbId = db.id();
        int flags = Keyspace.NO_TOUCH | Keyspace.NO_STATS | Keyspace.NO_EXPIRE;
        for (int i = from; i < end; i++) {
            Entry entry = c.keyspace().lookup(db, keys[i], hashes[i], flags);
            Object value = entry == null ? null : entry.value();
            read[i] = value instanceof byte[] sealed ? sealed : null;
            otherType[i] = value != null && read[i] == null;
        }
    }

    /** The last command before {@code i} in the run with the same key, or -1. */
    private int sameKeyBefore(int from, int i) {
        for (int j = i - 1; j >= from; j--) {
            if (hashes[j] == hashes[i] && Arrays.equals(keys[j], keys[i])) {
                return j;
            }
        }
        return -1;
    }

    private long opened(CommandContext c, byte[] key, byte[] sealed) {
        byte[] plaintext = c.open(dbId, key, sealed);
        try {
            return StringCommands.integer(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void commit(CommandContext c, int i) {
        byte[] sum = resealed[i];
        if (sum == null || !c.storeIfUnchanged(keys[i], hashes[i], dbId, read[i], sum, StringOrigin.STORED, "incrby")) {
            resealed[i] = null;
            sums[i] = StringCommands.incrBy(c, keys[i], increments[i]);
        }
    }

    @Override
    public void reply(CommandContext c, int i) {
        long sum = sums[i];
        forget(i);
        c.reply().integer(sum);
    }

    @Override
    public void forget(int i) {
        keys[i] = null;
        increments[i] = 0;
        read[i] = null;
        resealed[i] = null;
        sums[i] = 0;
    }
}
