package io.sealedkv.engine.command;

/**
 * Consecutive writes of one kind in a pipelined batch, run with two lock holds for all of them instead
 * of one or two each, and each still its own command: checked, propagated, counted and answered as if
 * run alone. The dispatcher calls, for commands {@code i} of the run in order, {@link #accept} before
 * any lock, {@link #read} under a first hold (when {@link #reads}), {@link #compute} without the lock,
 * {@link #commit} under a second hold and {@link #reply} after it, beginning the command in the
 * context before each call. Each lookup or change inside a hold takes {@link CommandContext#lock}
 * as the command alone would, so each command's change is propagated on its own, in order. A command
 * that is not accepted, or whose commit finds the key changed since it was read, ends the run: it
 * and those after it run on their own. Instances keep the state of one run at a time (one per connection).
 */
public abstract class WriteRun {
    /** True when the request can join a run of this kind (its name and argument count). */
    public abstract boolean takes(CommandSpec spec, byte[][] args);

    /**
     * Before the lock: parses command {@code i} and seals what it can, its key {@code hash} computed;
     * false (its state forgotten) when it cannot join, for instance on a syntax error it must answer alone.
     */
    public abstract boolean accept(CommandContext c, int i, int hash);

    /** True when the run reads its keys under a first hold before it computes. */
    public boolean reads() {
        return false;
    }

    /** Under the first hold: what command {@code i} reads. */
    public void read(CommandContext c, int i) {
    }

    /** Without the lock, after {@link #read}: what command {@code i} will store or answer. */
    public void compute(CommandContext c, int i) {
    }

    /** Under the second hold: stores command {@code i}'s change; false when its key changed since its read. */
    public abstract boolean commit(CommandContext c, int i);

    /** After the holds: command {@code i}'s reply, or throws its error; its state is forgotten. */
    public abstract void reply(CommandContext c, int i);

    /** Forgets the state of command {@code i}, which will run on its own. */
    public abstract void forget(int i);
}
