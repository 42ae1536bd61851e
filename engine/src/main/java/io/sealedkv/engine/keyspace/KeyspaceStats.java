package io.sealedkv.engine.keyspace;

/** Counters for INFO stats; changed only under the keyspace lock, read without it. */
public final class KeyspaceStats {
    private volatile long hits;
    private volatile long misses;
    private volatile long expiredKeys;
    private volatile long evictedKeys;

    void countLookup(boolean hit) {
        if (hit) {
            hits++;
        } else {
            misses++;
        }
    }

    void countExpired() {
        expiredKeys++;
    }

    void countEvicted() {
        evictedKeys++;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public void reset() {
        hits = 0;
        misses = 0;
        expiredKeys = 0;
        evictedKeys = 0;
    }
}
