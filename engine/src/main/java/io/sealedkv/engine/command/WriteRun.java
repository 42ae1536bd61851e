package io.sealedkv.engine.command;

/**
 * Consecutive writes of one kind in a pipelined batch, run with one lock hold for all their changes
 * instead of one each (and at most one more before it, a look ahead that changes nothing), and each still
 * its own command: checked, propagated, counted and answered as if run
 * alone. The dispatcher calls, for commands {@code i} of the run in order, {@link #accept} before any
 * lock, {@link #commit} under the hold and {@link #reply} after it, beginning the command in the
 * context before each call. Each change inside the hold takes {@link CommandContext#lock} as the
 * command alone would, so each command's change is propagated on its own, in order. A command that is
 * not accepted ends the run: it and those after it run on their own.
 * Instances keep the state of one run at a time (one per connection).
 */
public abstract class WriteRun {
    /** True when the request can join a run of this kind (its name and argument count). */
    public abstract boolean takes(CommandSpec spec, byte[][] args);

    /**
     * Before the lock: parses command {@code i} and seals what it can, its key {@code hash} computed;
     * false (its state forgotten) when it cannot join, for instance on a syntax error it must answer alone.
     */
    public abstract boolean accept(CommandContext c, int i, int hash);

    /**
     * After the commands {@code [from, end)} were accepted, before the hold: work that spans them (sealing
     * several commands' elements together, or reading what they will change in one
     * {@linkplain CommandContext#lookAhead look ahead} to compute on it without the lock). Must not throw; a
     * command it cannot prepare is left to {@link #commit} to do alone.
     */
    public void prepare(CommandContext c, int from, int end) {
    }

    /** Under the run's hold: makes command {@code i}'s change. */
    public abstract void commit(CommandContext c, int i);

    /** After the hold: command {@code i}'s reply, or throws its error; its state is forgotten. */
    public abstract void reply(CommandContext c, int i);

    /**
     * Whether every reply of such a run is short (a status, an integer, a nil, a short error). A run whose
     * replies carry elements (pops) has no bound on them, so it runs only for a client that no output
     * buffer limit can close partway through its replies: the commands after that point must not have run.
     */
    public boolean shortReplies() {
        return true;
    }

    /** Forgets the state of command {@code i}, which will run on its own. */
    public abstract void forget(int i);
}
