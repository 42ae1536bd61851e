package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.table.TokenList;

/**
 * A run of HSETs to the hashtable-encoded hash this thread changed last ({@link HashAccess#recentTable}):
 * before the lock, every command's fields are tokenized and its pairs sealed for that hash, and the table
 * slots they will change are read into the cache, all commands' together; under the hold, each HSET
 * applies its pairs if the key still holds that hash, as one HSET alone would commit them
 * ({@link HashAccess#commitTable}), and counts, signals, notifies and propagates as its own change. An HSET
 * whose key no longer holds the hash (deleted, replaced, moved by SWAPDB by a command in between), or whose
 * pairs could not be sealed, runs as alone, under the hold (and the hash is no longer remembered). A run
 * starts only at an HSET to the key of that hash, and stops at one to another key.
 */
public final class HashSetRun extends WriteRun {
    private final int[] hashes;
    private final HashValue[] seen;
    private final FieldWrites.SetFields[] edits;
    private final boolean[] prepared;
    private final long[] added;
    /** The tokens of a run's fields, gathered to warm the table slots they will change. */
    private final TokenList tokens = new TokenList();
    /** Keeps what the warming read, so the JIT cannot drop the reads. */
    private int touched;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public HashSetRun(int capacity) {
        hashes = new int[capacity];
        seen = new HashValue[capacity];
        edits = new FieldWrites.SetFields[capacity];
        prepared = new boolean[capacity];
        added = new long[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length >= 4 && args.length % 2 == 0 && spec.name().equals("hset");
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        HashValue recent = HashAccess.recentTable(c, c.arg(1));
        if (recent == null) {
            return false;
        }
        hashes[i] = hash;
        seen[i] = recent;
        edits[i] = new FieldWrites.SetFields(c, 2, false);
        prepared[i] = false;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        ElementSealer sealer = ElementSealer.of(c.codec(), seen[from]);
        tokens.clear();
        for (int i = from; i < end; i++) {
            try {
                edits[i].prepare(sealer);
                edits[i].addTokens(tokens);
                prepared[i] = true;
            } catch (RuntimeException e) {
                // A pair the codec refuses: that HSET runs alone and answers its own error.
            }
        }
        touched += seen[from].table().touch(tokens);
    }

    @Override
    public void commit(CommandContext c, int i) {
        byte[] key = c.arg(1);
        Long reply = prepared[i] ? HashAccess.commitTable(c, key, hashes[i], "hset", seen[i], edits[i]) : null;
        added[i] = reply != null ? reply : HashAccess.edit(c, key, "hset", edits[i]);
    }

    @Override
    public void reply(CommandContext c, int i) {
        long replied = added[i];
        forget(i);
        c.reply().integer(replied);
    }

    @Override
    public void forget(int i) {
        seen[i] = null;
        edits[i] = null;
    }
}
