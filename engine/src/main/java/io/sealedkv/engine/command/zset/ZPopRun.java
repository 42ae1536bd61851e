package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;

/**
 * A run of ZPOPMINs and ZPOPMAXs (with or without a count): under the run's one hold each pops as alone
 * ({@link ZPopCommands#popTop}) and counts, signals, notifies and propagates as its own change; after it,
 * each reply opens the members its command took. A pop with a bad count ends the run (it answers alone).
 */
public final class ZPopRun extends WriteRun {
    private final int[] hashes;
    private final boolean[] max;
    private final long[] counts;
    private final ZPopCommands.Popped[] popped;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public ZPopRun(int capacity) {
        hashes = new int[capacity];
        max = new boolean[capacity];
        counts = new long[capacity];
        popped = new ZPopCommands.Popped[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return (args.length == 2 || args.length == 3)
                && (spec.name().equals("zpopmin") || spec.name().equals("zpopmax"));
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        try {
            counts[i] = ZPopCommands.popCount(c);
        } catch (CommandException e) {
            return false;
        }
        hashes[i] = hash;
        max[i] = c.argIs(0, "zpopmax");
        return true;
    }

    @Override
    public void commit(CommandContext c, int i) {
        popped[i] = ZPopCommands.popTop(c, hashes[i], max[i], counts[i]);
        if (popped[i] != null) {
            // a listpack set was opened whole: only the members taken wait for the reply after the hold
            popped[i].keepOnlyTaken();
        }
    }

    @Override
    public void reply(CommandContext c, int i) {
        ZPopCommands.Popped taken = popped[i];
        popped[i] = null;
        ZPopCommands.replyPopped(c, taken, counts[i]);
    }

    @Override
    public boolean shortReplies() {
        return false;
    }

    @Override
    public void forget(int i) {
        if (popped[i] != null) {
            popped[i].close();
            popped[i] = null;
        }
    }
}
