package io.sealedkv.engine.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Closed while a snapshot writes in the background: the {@link ValueArena}s of every database then
 * defer the reuse of freed cells, so the names and values the snapshot captured stay readable without
 * the lock (a copy-on-write of sorts: what changes gets a new cell, the captured cell keeps its bytes).
 * Opening it recycles what was deferred. Under the keyspace lock.
 */
final class FreeGate {
    private boolean closed;
    private final List<ValueArena> waiting = new ArrayList<>();

    boolean deferring() {
        return closed;
    }

    /** {@code arena} has started deferring cells. */
    void deferred(ValueArena arena) {
        waiting.add(arena);
    }

    void close() {
        closed = true;
    }

    void open() {
        closed = false;
        for (ValueArena arena : waiting) {
            arena.releaseDeferred();
        }
        waiting.clear();
    }
}
