package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.table.TokenList;

/**
 * A run of SADDs to the large set this thread added to last ({@link SetCommands#recentLarge}): before the
 * lock, every command's members are tokenized, all commands' together, and a racy look without the lock at the
 * table slots they will read (which warms them) guesses which members the set lacks: those are sealed then.
 * Under the run's one hold each SADD adds what the set lacks at that point ({@link LargeSetAdd#commit}; a member
 * the guess missed is sealed there) and counts, signals, notifies and propagates as its own change. A SADD whose
 * key no longer holds that set (deleted, replaced, expired, moved by SWAPDB in between), or whose members could
 * not be tokenized or sealed, runs as alone, under the hold.
 */
public final class SetAddRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final SetValue[] seen;
    private final LargeSetAdd[] adds;
    private final boolean[] prepared;
    private final long[] added;
    /** The tokens of a run's members, gathered to warm the table slots they will read. */
    private final TokenList tokens = new TokenList();
    /** Which of {@link #tokens} the look without the lock found in the set. */
    private boolean[] seenInSet = new boolean[64];

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public SetAddRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        seen = new SetValue[capacity];
        adds = new LargeSetAdd[capacity];
        prepared = new boolean[capacity];
        added = new long[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length >= 3 && spec.name().equals("sadd");
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        SetValue recent = SetCommands.recentLarge(c, c.arg(1));
        if (recent == null) {
            return false;
        }
        keys[i] = c.arg(1);
        hashes[i] = hash;
        seen[i] = recent;
        adds[i] = new LargeSetAdd(keys[i], SetCommands.args(c, 2));
        prepared[i] = false;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        ElementSealer sealer = ElementSealer.of(c.codec(), seen[from]);
        tokens.clear();
        for (int i = from; i < end; i++) {
            try {
                adds[i].tokenize(sealer);
                adds[i].addTokens(tokens);
                prepared[i] = true;
            } catch (RuntimeException e) {
                // a member the codec refuses: that SADD runs alone and answers its own error
            }
        }
        if (seenInSet.length < tokens.size()) {
            seenInSet = new boolean[Math.max(tokens.size(), 2 * seenInSet.length)];
        }
        seen[from].touch(tokens, seenInSet);
        int offset = 0;
        for (int i = from; i < end; i++) {
            if (prepared[i]) {
                try {
                    adds[i].sealUnseen(seenInSet, offset);
                } catch (RuntimeException e) {
                    prepared[i] = false;
                }
                offset += adds[i].tokenCount();
            }
        }
    }

    @Override
    public void commit(CommandContext c, int i) {
        if (prepared[i]) {
            try (var lock = c.lock()) {
                Database db = c.db();
                Entry entry = c.keyspace().lookupWrite(db, keys[i], hashes[i]);
                SetValue set = Seen.largeOf(entry, seen[i]);
                if (set != null) {
                    added[i] = adds[i].commit(c, db, entry, set);
                    return;
                }
                SetCommands.forgetRecent(db.index(), keys[i]);
            }
        }
        added[i] = SetCommands.add(c, keys[i], SetCommands.args(c, 2));
    }

    @Override
    public void reply(CommandContext c, int i) {
        long count = added[i];
        forget(i);
        c.reply().integer(count);
    }

    @Override
    public void forget(int i) {
        keys[i] = null;
        seen[i] = null;
        adds[i] = null;
    }
}
