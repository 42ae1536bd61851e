package io.sealedkv.engine.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys clients WATCH: told of every change through the write path, it marks the watching
 * clients' {@link WatchSet}s touched, so their EXEC fails. Used under the keyspace lock only.
 */
public final class Watches implements KeyspaceListener {
    private final Keyspace keyspace;
    private final Map<WatchedKey, List<WatchSet>> byKey = new HashMap<>();

    Watches(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Adds {@code key} of {@code database} to {@code set}; watching a key twice is watching it once. */
    public void watch(WatchSet set, int database, byte[] key) {
        WatchedKey watched = new WatchedKey(database, key.clone());
        if (set.keys.contains(watched)) {
            return;
        }
        Entry entry = keyspace.database(database).raw(key);
        watched.expiredWhenWatched = entry != null && keyspace.isExpired(keyspace.database(database), entry);
        set.keys.add(watched);
        byKey.computeIfAbsent(watched, k -> new ArrayList<>(1)).add(set);
    }

    /** Forgets every key of {@code set} and clears its touched mark (EXEC, DISCARD, UNWATCH, RESET). */
    public void unwatchAll(WatchSet set) {
        for (WatchedKey key : set.keys) {
            List<WatchSet> sets = byKey.get(key);
            sets.remove(set);
            if (sets.isEmpty()) {
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
        List<WatchSet> sets = byKey.get(new WatchedKey(database, key));
        if (sets != null) {
            sets.forEach(set -> set.touched = true);
        }
    }

    @Override
    public void databaseChanged(int database) {
        byKey.forEach((key, sets) -> {
            if (key.database == database) {
                sets.forEach(set -> set.touched = true);
            }
        });
    }

    /** One client's watched keys. */
    public static final class WatchSet {
        private final List<WatchedKey> keys = new ArrayList<>();
        private boolean touched;

        public int size() {
            return keys.size();
        }
    }

    private static final class WatchedKey {
        private final int database;
        private final byte[] key;
        private final int hash;
        private boolean expiredWhenWatched;

        WatchedKey(int database, byte[] key) {
            this.database = database;
            this.key = key;
            this.hash = 31 * database + Arrays.hashCode(key);
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
