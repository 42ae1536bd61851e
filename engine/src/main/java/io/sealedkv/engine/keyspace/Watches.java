package io.sealedkv.engine.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys clients WATCH: told of every change through the write path, it marks the watching
 * clients' {@link WatchSet}s touched, so their EXEC fails. Used under the keyspace lock only.
 *
 * <p>As Redis 7.0: a key already expired (not yet deleted) when watched is no change when its deletion
 * comes (lazy or active expiry, a flush); FLUSHDB, FLUSHALL and SWAPDB touch only the watched keys that
 * exist in the database before, or in the one swapped in. One difference: such a key written before
 * its deletion fails the EXEC here, where Redis stops looking at that client (no command can tell).
 */
public final class Watches implements KeyspaceListener {
    private final Keyspace keyspace;
    /** Each watched key with every client's own entry for it. */
    private final Map<WatchedKey, List<WatchedKey>> byKey = new HashMap<>();

    Watches(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Adds {@code key} of {@code database} to {@code set}; watching a key twice is watching it once. */
    public void watch(WatchSet set, int database, byte[] key) {
        WatchedKey watched = new WatchedKey(database, key.clone(), set);
        if (set.keys.contains(watched)) {
            return;
        }
        Database db = keyspace.database(database);
        Entry entry = db.raw(key);
        watched.expiredWhenWatched = entry != null && keyspace.isExpired(db, entry);
        set.keys.add(watched);
        byKey.computeIfAbsent(new WatchedKey(database, watched.key, null), k -> new ArrayList<>(1)).add(watched);
    }

    /** Forgets every key of {@code set} and clears its touched mark (EXEC, DISCARD, UNWATCH, RESET). */
    public void unwatchAll(WatchSet set) {
        for (WatchedKey key : set.keys) {
            List<WatchedKey> watchers = byKey.get(key);
            watchers.removeIf(watcher -> watcher.set == set);
            if (watchers.isEmpty()) {
                byKey.remove(key);
            }
        }
        set.keys.clear();
        set.touched = false;
    }

    /**
     * True when EXEC must fail: a watched key changed, or a key that was alive when watched has
     * expired since, even if nothing has deleted it yet (as Redis 7.0 checks).
     */
    public boolean invalidated(WatchSet set) {
        if (set.touched) {
            return true;
        }
        for (WatchedKey key : set.keys) {
            Database db = keyspace.database(key.database);
            Entry entry = db.raw(key.key);
            if (!key.expiredWhenWatched && entry != null && keyspace.isExpired(db, entry)) {
                return true;
            }
        }
        return false;
    }

    /** How many keys are watched, by all clients together. */
    public int watchedKeys() {
        return byKey.size();
    }

    @Override
    public void keyModified(int database, byte[] key) {
        if (byKey.isEmpty()) {
            return;
        }
        List<WatchedKey> watchers = byKey.get(new WatchedKey(database, key, null));
        if (watchers == null) {
            return;
        }
        boolean deleted = keyspace.database(database).raw(key) == null;
        for (WatchedKey watcher : watchers) {
            if (watcher.expiredWhenWatched && deleted) {
                watcher.expiredWhenWatched = false;
            } else {
                watcher.set.touched = true;
            }
        }
    }

    @Override
    public void databaseEmptying(Database emptied, Database replacedWith) {
        byKey.forEach((key, watchers) -> {
            if (key.database != emptied.index()) {
                return;
            }
            boolean existed = emptied.raw(key.key) != null;
            Entry replacement = replacedWith == null ? null : replacedWith.raw(key.key);
            if (!existed && replacement == null) {
                return;
            }
            boolean replacementExpired = replacement != null && keyspace.isExpired(replacedWith, replacement);
            for (WatchedKey watcher : watchers) {
                touchOnEmptying(watcher, existed, replacement != null, replacementExpired);
            }
        });
    }

    /** Redis 7.0's {@code touchAllWatchedKeysInDb} for one client's watch of a key that existed or comes in. */
    private static void touchOnEmptying(WatchedKey watcher, boolean existed, boolean replaced,
                                        boolean replacementExpired) {
        if (watcher.expiredWhenWatched) {
            if (!replaced) {
                watcher.expiredWhenWatched = false; // the expired key is gone: no change
                return;
            }
            if (replacementExpired) {
                return; // expired before, expired after
            }
        } else if (!existed && replacementExpired) {
            watcher.expiredWhenWatched = true; // nothing, replaced by a key already expired
            return;
        }
        watcher.set.touched = true;
    }

    /** Touched before the change, in {@link #databaseEmptying}, where it can still see which keys exist. */
    @Override
    public void databaseChanged(int database) {
    }

    /** One client's watched keys. */
    public static final class WatchSet {
        private final List<WatchedKey> keys = new ArrayList<>();
        /** Set under the keyspace lock; volatile for CLIENT LIST on other connections. */
        private volatile boolean touched;

        public int size() {
            return keys.size();
        }

        /** True once a watched key was changed, until the keys are unwatched: CLIENT LIST's {@code d} flag. */
        public boolean touched() {
            return touched;
        }
    }

    /** One client's watch of a key (its set; null for a key looked up); equal by database and name only. */
    private static final class WatchedKey {
        private final int database;
        private final byte[] key;
        private final int hash;
        private final WatchSet set;
        private boolean expiredWhenWatched;

        WatchedKey(int database, byte[] key, WatchSet set) {
            this.database = database;
            this.key = key;
            this.hash = 31 * database + Arrays.hashCode(key);
            this.set = set;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WatchedKey other && other.database == database && Arrays.equals(other.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
