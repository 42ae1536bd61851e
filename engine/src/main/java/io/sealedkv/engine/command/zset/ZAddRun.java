package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.zset.ZSetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of ZADDs to the skiplist sorted set this thread wrote to last ({@link ZSetCommands#recentTree}):
 * before the lock, every ZADD is parsed, its members tokenized and the table slots they will read warmed,
 * all commands' together; one hold that changes nothing finds the members the set lacks, which are sealed
 * after it; under the run's hold each ZADD then makes its change as alone ({@link ZSetCommands#writeTree}),
 * with any flags (NX, XX, GT, LT, CH, INCR), and counts, signals, notifies and propagates as its own change.
 * A member found present at the look but removed since is sealed under the hold. A ZADD with a syntax or
 * score error ends the run (it answers alone); one whose key no longer holds that set (deleted, replaced,
 * moved by SWAPDB in between), or whose members could not be tokenized, runs as alone, under the hold.
 */
public final class ZAddRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final ZSetValue[] seen;
    private final ZAdd[] zadds;
    /** Each ZADD's member arguments, for the tokens made before the lock. */
    private final byte[][][] members;
    private final Pretokened[] tokens;
    private final long[][] outcomes;
    /** Keeps what the warming read, so the JIT cannot drop the reads. */
    private int touched;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public ZAddRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        seen = new ZSetValue[capacity];
        zadds = new ZAdd[capacity];
        members = new byte[capacity][][];
        tokens = new Pretokened[capacity];
        outcomes = new long[capacity][];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length >= 4 && spec.name().equals("zadd");
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        ZSetValue recent = ZSetCommands.recentTree(c, c.arg(1));
        if (recent == null) {
            return false;
        }
        try {
            zadds[i] = ZAdd.parse(c);
        } catch (CommandException e) {
            return false;
        }
        members[i] = zadds[i].members(c);
        keys[i] = c.arg(1);
        hashes[i] = hash;
        seen[i] = recent;
        tokens[i] = null;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        ElementSealer sealer = ElementSealer.of(c.codec(), seen[from]);
        List<byte[]> all = new ArrayList<>();
        for (int i = from; i < end; i++) {
            try {
                tokens[i] = Pretokened.of(sealer, members[i]);
                all.addAll(tokens[i].tokens());
            } catch (RuntimeException e) {
                // a member the codec refuses: that ZADD runs alone and answers its own error
            }
        }
        touched += seen[from].tree().touch(all);
        c.lookAhead(() -> findAbsent(c, from, end));
        for (int i = from; i < end; i++) {
            try {
                if (tokens[i] != null) {
                    tokens[i].sealAbsent();
                }
            } catch (RuntimeException e) {
                tokens[i] = null;
            }
        }
    }

    /**
     * Under the look-ahead hold: the members each set lacks, for those of its ZADDs that can insert. A ZADD
     * whose key no longer holds that set (or expired) runs alone, under the run's hold.
     */
    private void findAbsent(CommandContext c, int from, int end) {
        Database db = c.db();
        int flags = Keyspace.NO_TOUCH | Keyspace.NO_STATS | Keyspace.NO_EXPIRE;
        for (int i = from; i < end; i++) {
            if (tokens[i] == null) {
                continue;
            }
            Entry entry = c.keyspace().lookup(db, keys[i], hashes[i], flags);
            if (entry == null || entry.value() != seen[i]) {
                tokens[i] = null;
            } else if (!zadds[i].updatesOnly()) {
                tokens[i].anyAbsent(seen[i].tree());
            }
        }
    }

    @Override
    public void commit(CommandContext c, int i) {
        ZAdd zadd = zadds[i];
        long[] outcome = tokens[i] == null ? null
                : ZSetCommands.writeTree(c, c.arg(1), hashes[i], seen[i], tokens[i], zadd.event(), zadd.change(c));
        outcomes[i] = outcome != null ? outcome : zadd.write(c);
    }

    @Override
    public void reply(CommandContext c, int i) {
        ZAdd zadd = zadds[i];
        long[] outcome = outcomes[i];
        forget(i);
        zadd.reply(c, outcome);
    }

    @Override
    public void forget(int i) {
        keys[i] = null;
        seen[i] = null;
        zadds[i] = null;
        members[i] = null;
        tokens[i] = null;
        outcomes[i] = null;
    }
}
