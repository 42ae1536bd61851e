package io.sealedkv.engine.command;

import io.sealedkv.engine.keyspace.CollectionValue;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The collection of one kind each network thread last wrote to, by database and key name: a write to the
 * same key can seal or tokenize its elements for that collection before taking the lock and take the lock
 * once, checking there that the key still holds that very collection (else it looks it up and does the
 * crypto again). Weakly held, so a deleted collection is not kept alive; the key name is a copy, as
 * names are kept in clear in the keyspace anyway. One instance per family.
 */
public final class RecentCollection<T extends CollectionValue> {
    private final ThreadLocal<Last<T>> last = new ThreadLocal<>();

    private record Last<T>(int db, byte[] key, WeakReference<T> value) {
    }

    /** The collection this thread last wrote to at {@code key} of {@code db}, or null. */
    public T get(int db, byte[] key) {
        Last<T> seen = last.get();
        return seen != null && seen.db == db && Arrays.equals(seen.key, key) ? seen.value.get() : null;
    }

    /**
     * Forgets the collection remembered at {@code key} of {@code db}, which the key no longer holds: writes to
     * the key then look it up again instead of preparing for a collection they will not find.
     */
    public void forget(int db, byte[] key) {
        Last<T> seen = last.get();
        if (seen != null && seen.db == db && Arrays.equals(seen.key, key)) {
            last.remove();
        }
    }

    /** Remembers the collection just written to, unless it is the one remembered already. */
    public void set(int db, byte[] key, T value) {
        Last<T> seen = last.get();
        if (seen == null || seen.value.get() != value || seen.db != db || !Arrays.equals(seen.key, key)) {
            last.set(new Last<>(db, key.clone(), new WeakReference<>(value)));
        }
    }
}
