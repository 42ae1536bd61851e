package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An edit inside a list (LSET, LINSERT, LREM, LTRIM) with its crypto outside the lock: the segments are
 * read under the lock, the plan opens, edits and seals without it, and the result is committed under the
 * lock only if the list is still the one read at the same {@linkplain SealedList#version() version};
 * otherwise it starts over, and after {@value #OPTIMISTIC_ATTEMPTS} lost races it runs holding the lock.
 */
final class ListEdit {
    private static final int OPTIMISTIC_ATTEMPTS = 3;

    private ListEdit() {
    }

    /** What a plan sees: the list's segments at one version, and how to seal for it. */
    record Snapshot(SealedList list, long version, Object[] segments, ElementSealer sealer, NodeFill fill) {
        long size() {
            return list.size();
        }

        /** Whether {@code current} (the list at the key now, or null) is this snapshot's list, unchanged since. */
        boolean stillHolds(SealedList current) {
            return current == list && list.version() == version;
        }
    }

    /** Segments {@code [from, to)} replaced by {@code with}. */
    record Splice(int from, int to, List<Object> with) {
    }

    /** The splices to make (any order, not overlapping) and the reply once made. */
    record Result<R>(List<Splice> splices, R reply) {
        static <R> Result<R> unchanged(R reply) {
            return new Result<>(List.of(), reply);
        }
    }

    @FunctionalInterface
    interface Plan<R> {
        /** Called outside the lock (or under it after lost races); {@code snapshot} is null for a missing key. */
        Result<R> apply(Snapshot snapshot);
    }

    /**
     * Runs {@code plan} on the list at {@code key} and applies its splices atomically; a change fires the
     * list notification {@code event} (and del if the list is gone), as does, with {@code notifyUnchanged},
     * a plan that changed nothing on an existing list (LTRIM, as in Redis, which also touches WATCH).
     */
    static <R> R run(CommandContext c, byte[] key, String event, boolean notifyUnchanged, Plan<R> plan) {
        NodeFill fill = ListAccess.fill(c);
        for (int attempt = 0; ; attempt++) {
            try (var held = attempt >= OPTIMISTIC_ATTEMPTS ? c.lock() : null) {
                Snapshot snapshot;
                try (var lock = c.lock()) {
                    SealedList list = ListAccess.list(c.keyspace().lookupWrite(c.db(), key));
                    snapshot = list == null ? null : new Snapshot(list, list.version(), list.segments(),
                            ElementSealer.of(c.codec(), list), fill);
                }
                Result<R> result = plan.apply(snapshot);
                if (result.splices().isEmpty()) {
                    if (snapshot != null && notifyUnchanged && !notifiedUnchanged(c, key, event, snapshot)) {
                        continue;
                    }
                    return result.reply();
                }
                try (var lock = c.lock()) {
                    Database db = c.db();
                    Entry entry = c.keyspace().lookupWrite(db, key);
                    SealedList list = ListAccess.list(entry);
                    if (!snapshot.stillHolds(list)) {
                        continue;
                    }
                    c.keyspace().writes().modifying(db, entry);
                    List<Splice> descending = new ArrayList<>(result.splices());
                    descending.sort(Comparator.comparingInt(Splice::from).reversed());
                    for (Splice splice : descending) {
                        list.splice(splice.from(), splice.to(), splice.with());
                    }
                    c.notifyEvent(KeyspaceEvents.LIST, event, key);
                    if (list.size() == 0) {
                        c.keyspace().writes().remove(db, entry);
                        c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
                    }
                }
                return result.reply();
            }
        }
    }

    /**
     * The notification (and WATCH touch) of a plan that changed nothing, if the list is still the one it
     * planned on; false, doing nothing, when it changed meanwhile and the plan must be made again.
     */
    private static boolean notifiedUnchanged(CommandContext c, byte[] key, String event, Snapshot snapshot) {
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupWrite(c.db(), key);
            if (entry == null || !snapshot.stillHolds(ListAccess.list(entry))) {
                return false;
            }
            c.keyspace().writes().touched(c.db(), key);
            c.notifyEvent(KeyspaceEvents.LIST, event, key);
            return true;
        }
    }
}
