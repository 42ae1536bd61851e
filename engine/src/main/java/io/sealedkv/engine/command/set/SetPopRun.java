package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.WriteRun;
import java.util.List;

/**
 * A run of SPOPs without a count. Under the run's one hold each pops as alone and counts, signals,
 * notifies and propagates as its own change: from a large set (or the last member of any set), when
 * nothing is propagated, it takes the sealed member off the table ({@link SetRandom#popHeld}), opened
 * after the hold by its reply; otherwise (a small set, or a propagation listener that needs the member
 * in clear for the SREM it propagates) it pops as alone, under the hold ({@link SetRandom#popOne}), and
 * keeps the opened member until its reply wipes it.
 */
public final class SetPopRun extends WriteRun {
    private final int[] hashes;
    private final Snapshot[] taken;
    private final List<byte[]>[] opened;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    @SuppressWarnings("unchecked")
    public SetPopRun(int capacity) {
        hashes = new int[capacity];
        taken = new Snapshot[capacity];
        opened = new List[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length == 2 && spec.name().equals("spop");
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        hashes[i] = hash;
        return true;
    }

    @Override
    public void commit(CommandContext c, int i) {
        taken[i] = SetRandom.popHeld(c, c.arg(1), hashes[i]);
        if (taken[i] == null) {
            opened[i] = SetRandom.popOne(c, c.arg(1));
        }
    }

    @Override
    public void reply(CommandContext c, int i) {
        Snapshot sealed = taken[i];
        List<byte[]> popped = opened[i];
        taken[i] = null;
        opened[i] = null;
        if (sealed != null) {
            popped = sealed.open();
        }
        try {
            if (popped.isEmpty()) {
                c.reply().nullBulk();
            } else {
                c.reply().bulk(popped.get(0));
            }
        } finally {
            Plain.wipe(popped);
        }
    }

    @Override
    public boolean shortReplies() {
        return false;
    }

    @Override
    public void forget(int i) {
        taken[i] = null;
        if (opened[i] != null) {
            Plain.wipe(opened[i]);
            opened[i] = null;
        }
    }
}
