package io.sealedkv.engine.command.list;

import io.sealedkv.engine.type.list.SealedList;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The list each network thread last pushed to, by database and key name: a push to the same key seals its
 * elements for that list straight away, without first taking the lock to look the list up, and the push
 * checks under the lock that the key still holds that very list (else it looks it up and seals again).
 * Weakly held, so a deleted list is not kept alive; the key name is a copy, as names are kept in clear
 * in the keyspace anyway.
 */
final class RecentList {
    private static final ThreadLocal<RecentList> LAST = new ThreadLocal<>();

    private final int db;
    private final byte[] key;
    private final WeakReference<SealedList> list;

    private RecentList(int db, byte[] key, SealedList list) {
        this.db = db;
        this.key = key.clone();
        this.list = new WeakReference<>(list);
    }

    /** The list this thread last pushed to at {@code key} of {@code db}, or null. */
    static SealedList get(int db, byte[] key) {
        RecentList last = LAST.get();
        return last != null && last.db == db && Arrays.equals(last.key, key) ? last.list.get() : null;
    }

    /** Remembers the list just pushed to, unless it is the one remembered already. */
    static void set(int db, byte[] key, SealedList list) {
        RecentList last = LAST.get();
        if (last == null || last.list.get() != list || last.db != db || !Arrays.equals(last.key, key)) {
            LAST.set(new RecentList(db, key, list));
        }
    }
}
