package io.sealedkv.engine.keyspace;

import java.util.Arrays;

/**
 * Fills one empty database with the keys of a snapshot, while loading before the server serves, in
 * two steps: {@link #add} refuses a key given twice and keeps the key and value aside, {@link #finish}
 * makes their entries and links them into the database's table in one pass.
 *
 * <p>Why not add each key to the table straight away: the table's bucket array is one large array the
 * collector keeps in the old generation, so every young entry stored into it has to be tracked (a dirty
 * card refined by a collector thread, then scanned again at each young collection, which then copies
 * the entries in bucket order, scattered), a million times for a million keys; and each duplicate
 * check walks a chain of entries spread over the heap. Here the check probes an open-addressing table
 * of primitive longs (the key's hash beside the key's number, so names are only compared when two
 * hashes are equal), the keys and values wait in small arrays that the collector copies in load order,
 * and the entries are made last, young, so linking them costs the collector nothing but one pass over
 * the bucket array. Requires the keyspace lock, like the table; not thread-safe.
 */
public final class DatabaseLoader {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** A snapshot's announced key count sizes the probe table up to this many keys; more grow it. */
    private static final long MAX_PRESIZE = 1 << 22;

    private final Database db;
    private final int accessClock;
    private byte[][][] keys = new byte[16][][];
    private Object[][] values = new Object[16][];
    private int[] hashes;
    /** Open addressing, at most half full: hash in the high 32 bits, key number + 1 in the low ones (0: free). */
    private long[] slots;
    private int count;
    private int[] expiringIndexes = new int[8];
    private long[] expireAts = new long[8];
    private int expiringCount;
    private boolean finished;

    DatabaseLoader(Database db, long expectedKeys, int accessClock) {
        if (db.size() != 0) {
            throw new IllegalStateException("database " + db.index() + " is not empty");
        }
        this.db = db;
        this.accessClock = accessClock;
        int expected = (int) Math.max(CHUNK, Math.min(expectedKeys, MAX_PRESIZE));
        hashes = new int[expected];
        slots = new long[Integer.highestOneBit(expected - 1) << 2];
    }

    /**
     * Keeps {@code key} (as given) with its sealed value and absolute expiry (-1: none) for
     * {@link #finish}; false when this database already got the key.
     */
    public boolean add(byte[] key, Object value, long expireAt) {
        if (finished) {
            throw new IllegalStateException("loader already finished");
        }
        int hash = KeyHash.of(key);
        int slot = free(key, hash);
        if (slot < 0) {
            return false;
        }
        if (count == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("too many keys for one database");
        }
        slots[slot] = ((long) hash << 32) | (count + 1);
        store(key, value, hash);
        db.countLoaded(key, value);
        if (expireAt >= 0) {
            keepExpiry(expireAt);
        }
        count++;
        if (count > slots.length / 2) {
            grow();
        }
        return true;
    }

    /** Adds an entry for every key kept to the database, then forgets them; later calls do nothing. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        db.reserve(count);
        int expiring = 0;
        for (int chunk = 0; chunk << CHUNK_BITS < count; chunk++) {
            expiring = link(chunk, expiring);
        }
        keys = null;
        values = null;
        hashes = null;
        slots = null;
        expiringIndexes = null;
        expireAts = null;
    }

    /**
     * Links the entries of one chunk of keys; returns the next index into the expiring keys. One call per
     * chunk rather than one loop over every key, so that the loop is compiled like any method instead of
     * running interpreted until an on-stack replacement.
     */
    private int link(int chunk, int expiring) {
        byte[][] chunkKeys = keys[chunk];
        Object[] chunkValues = values[chunk];
        int first = chunk << CHUNK_BITS;
        int length = Math.min(CHUNK, count - first);
        int next = expiring;
        for (int j = 0; j < length; j++) {
            Entry entry = new Entry(chunkKeys[j], chunkValues[j], accessClock);
            db.linkLoaded(entry, hashes[first + j]);
            if (next < expiringCount && expiringIndexes[next] == first + j) {
                db.setExpiry(entry, expireAts[next++]);
            }
        }
        return next;
    }

    /** The free slot where {@code key} goes, or -1 when it is already there. */
    private int free(byte[] key, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long taken = slots[slot];
            if (taken == 0) {
                return slot;
            }
            int index = (int) taken - 1;
            if ((int) (taken >>> 32) == hash && Arrays.equals(keys[index >>> CHUNK_BITS][index & (CHUNK - 1)], key)) {
                return -1;
            }
        }
    }

    private void grow() {
        long[] fresh = new long[slots.length * 2];
        int mask = fresh.length - 1;
        for (long taken : slots) {
            if (taken != 0) {
                int slot = (int) (taken >>> 32) & mask;
                while (fresh[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                fresh[slot] = taken;
            }
        }
        slots = fresh;
    }

    private void store(byte[] key, Object value, int hash) {
        int chunk = count >>> CHUNK_BITS;
        if (chunk == keys.length) {
            keys = Arrays.copyOf(keys, chunk * 2);
            values = Arrays.copyOf(values, chunk * 2);
        }
        if (keys[chunk] == null) {
            keys[chunk] = new byte[CHUNK][];
            values[chunk] = new Object[CHUNK];
        }
        keys[chunk][count & (CHUNK - 1)] = key;
        values[chunk][count & (CHUNK - 1)] = value;
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        hashes[count] = hash;
    }

    private void keepExpiry(long expireAt) {
        if (expiringCount == expireAts.length) {
            expiringIndexes = Arrays.copyOf(expiringIndexes, expiringCount * 2);
            expireAts = Arrays.copyOf(expireAts, expiringCount * 2);
        }
        expiringIndexes[expiringCount] = count;
        expireAts[expiringCount] = expireAt;
        expiringCount++;
    }
}
