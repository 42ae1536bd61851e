package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.table.TokenList;

/**
 * A run of SADDs to the large set this thread added to last ({@link SetCommands#recentLarge}): before the
 * lock, every command's members are tokenized and the table slots they will read are warmed, all commands'
 * together; one hold that changes nothing finds the members the set lacks, which are sealed after it; under
 * the run's hold each SADD then adds what the set lacks at that point ({@link LargeSetAdd#commit}) and
 * counts, signals, notifies and propagates as its own change. A SADD whose key no longer holds that set
 * (deleted, replaced, expired, moved by SWAPDB in between), or whose members could not be tokenized or
 * sealed, runs as alone, under the hold.
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
    /** Keeps what the warming read, so the JIT cannot drop the reads. */
    private int touched;

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
        touched += seen[from].touch(tokens);
        c.lookAhead(() -> findAbsent(c, from, end));
        for (int i = from; i < end; i++) {
            try {
                if (prepared[i]) {
                    adds[i].sealAbsent();
                }
            } catch (RuntimeException e) {
                prepared[i] = false;
            }
        }
    }

    /**
     * Under the look-ahead hold: which members each set lacks. A key that expired reads as absent (its SADD
     * then runs alone, expiring it in its own turn).
     */
    private void findAbsent(CommandContext c, int from, int end) {
        Database db = c.db();
        for (int i = from; i < end; i++) {
            if (prepared[i]) {
                int flags = Keyspace.NO_TOUCH | Keyspace.NO_STATS | Keyspace.NO_EXPIRE;
                SetValue set = Seen.largeOf(c.keyspace().lookup(db, keys[i], hashes[i], flags), seen[i]);
                prepared[i] = set != null;
                if (set != null) {
                    adds[i].findAbsent(set);
                }
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
