package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.PreSealed;
import io.sealedkv.engine.command.WriteRun;

/**
 * A run of SETs (any options but GET): parsed and sealed before the lock, stored under one hold, each
 * answered OK, or nil when NX or XX refused it.
 */
public final class SetRun extends WriteRun {
    private final int[] hashes;
    private final PreSealed[] values;
    private final SetOptions[] options;
    private final boolean[] stored;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public SetRun(int capacity) {
        hashes = new int[capacity];
        values = new PreSealed[capacity];
        options = new SetOptions[capacity];
        stored = new boolean[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length >= 3 && spec.name().equals("set");
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        try {
            SetOptions o = SetOptions.parse(c, 3, true);
            if (o.get) {
                return false;
            }
            values[i] = c.preseal(c.arg(1), c.arg(2));
            options[i] = o;
            hashes[i] = hash;
            return true;
        } catch (CommandException e) {
            return false;
        }
    }

    @Override
    public void commit(CommandContext c, int i) {
        stored[i] = StringCommands.storeSet(c, hashes[i], values[i], options[i]);
    }

    @Override
    public void reply(CommandContext c, int i) {
        boolean ok = stored[i];
        forget(i);
        if (ok) {
            c.reply().ok();
        } else {
            c.reply().nullBulk();
        }
    }

    @Override
    public void forget(int i) {
        values[i] = null;
        options[i] = null;
    }
}
