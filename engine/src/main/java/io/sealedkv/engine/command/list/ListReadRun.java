package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.CommandSpec;

/**
 * Consecutive LRANGEs and LINDEXes of one connection's pipeline: each runs as it would alone (looked up under
 * the lock, answered from the nodes it finds then), except that the nodes they open stay open for the ones
 * after it ({@link OpenedNodes}), so a node read by several of them is opened once (and its elements framed
 * once as bulk strings); they are wiped when the run ends ({@link #close}). One per connection, started by
 * its request handler only around commands that run one after another on the connection's thread, which is
 * where {@link #kept} finds it.
 */
public final class ListReadRun implements AutoCloseable {
    private static final ThreadLocal<OpenedNodes> RUNNING = new ThreadLocal<>();
    private final OpenedNodes opened = new OpenedNodes();

    /** True for the reads a run takes: LRANGE and LINDEX with their arity. */
    public static boolean takes(CommandSpec spec, byte[][] args) {
        return spec.name().equals("lrange") ? args.length == 4 : spec.name().equals("lindex") && args.length == 3;
    }

    /** Starts the run on this thread: until {@link #close}, its list reads keep the nodes they open. */
    public ListReadRun start() {
        RUNNING.set(opened);
        return this;
    }

    /** The opened nodes of the run on this thread, or null outside a run (a read then wipes what it opens). */
    static OpenedNodes kept() {
        return RUNNING.get();
    }

    /** Ends the run: its opened nodes are wiped. */
    @Override
    public void close() {
        RUNNING.remove();
        opened.wipe();
    }
}
