package io.sealedkv.engine.keyspace;

import java.util.Arrays;

/**
 * Fills one empty database with the keys of a snapshot, while loading before the server serves, in
 * two steps: {@link #add} refuses a key given twice and keeps the key and value aside, {@link #finish}
 * links them into the database's table in one pass.
 *
 * <p>Why not add each key to the table straight away: the table's bucket array is one large array the
 * collector keeps in the old generation, so every young entry stored into it has to be tracked (a dirty
 * card refined by a collector thread, then scanned again at each young collection, which then copies
 * the entries in bucket order, scattered over the heap), a million times for a million keys; and each
 * duplicate check walks a chain of scattered entries. Here the check probes an open-addressing table
 * of primitive longs (the key's hash beside the key's number, so names are only compared when two
 * hashes are equal); a key with a string value goes to a cell of the database's {@link ValueArena} at
 * once, name and value, and the cells' addresses and the other keys' names and values wait in small
 * arrays that the collector copies in load order; the cells (and the entries of heap keys, made last,
 * young) are linked in bucket order. Requires the keyspace lock, like the table; not thread-safe.
 */
public final class DatabaseLoader {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** A snapshot's announced key count sizes the probe table up to this many keys; more grow it. */
    private static final long MAX_PRESIZE = 1 << 22;
    /** A database announcing at least this many keys has its pages prepared ahead (a few pages' worth). */
    private static final long PAGES_AHEAD_KEYS = 16_384;

    private final Database db;
    private final int accessClock;
    /**
     * Key number {@code i}'s name and value at {@code 2 * i} and {@code 2 * i + 1} of its chunk, when they
     * stay on the heap; a chunk is made for the first such key (a snapshot of strings needs none).
     */
    private Object[][] chunks = new Object[16][];
    /** Key number {@code i}'s cell, or 0 when its name and value stay on the heap (in {@link #chunks}). */
    private int[][] addresses = new int[16][];
    private final ValueArena arena;
    /** The keyspace's hash without a thread-local lookup per key (a loader is used by one thread). */
    private final KeyHasher hasher = KeyHash.hasher();
    /** Open addressing, at most half full: hash in the high 32 bits, key number + 1 in the low ones (0: free). */
    private long[] slots;
    private int count;
    /** One bit per key number: set when the key has an expiry. */
    private long[] expiring = new long[16];
    private int[] expiringIndexes = new int[8];
    private long[] expireAts = new long[8];
    private int expiringCount;
    private boolean finished;
    /** What {@link #addAll} read ahead of the probe table, kept so that the reads are not left out. */
    private long touched;
    private int[] batchHashes = new int[0];
    /** Prepares the arena's pages beside the load (see {@link PagesAhead}); null for a small database. */
    private final PagesAhead pagesAhead;

    DatabaseLoader(Database db, long expectedKeys, int accessClock) {
        if (db.size() != 0) {
            throw new IllegalStateException("database " + db.index() + " is not empty");
        }
        this.db = db;
        this.arena = db.arena();
        this.accessClock = accessClock;
        int expected = (int) Math.max(CHUNK, Math.min(expectedKeys, MAX_PRESIZE));
        slots = new long[Integer.highestOneBit(expected - 1) << 2];
        pagesAhead = expectedKeys >= PAGES_AHEAD_KEYS ? PagesAhead.start() : null;
        arena.pagesFrom(pagesAhead);
    }

    /**
     * Keeps {@code key} with its sealed value and absolute expiry (-1: none) for
     * {@link #finish}; false when this database already got the key.
     */
    public boolean add(byte[] key, Object value, long expireAt) {
        int hash = hasher.hash(key);
        int slot = slotFor(key, hash);
        if (slot < 0) {
            return false;
        }
        int address = value instanceof byte[] sealed ? arena.store(key, sealed) : 0;
        keep(slot, hash, key, value, address, expireAt);
        return true;
    }

    /**
     * Adds the strings {@code 0} to {@code n - 1} as {@link #add} would one after the other, string
     * {@code i}'s sealed value being {@code lengths[i]} bytes at {@code offsets[i]} of {@code block}, a
     * buffer the caller reuses: each value is copied straight into the arena (into an array of its own only
     * when it stays on the heap), none for a key given twice. Returns {@code n}, or the index of the first
     * key this database already got (from the file or earlier in the batch), adding none from there on.
     * Why a batch: the duplicate check's first read of the probe table (megabytes, at random) is a cache
     * miss per key; reading the slots of the whole batch first, one after the other, lets those misses
     * overlap instead of each being waited for in turn.
     */
    public int addAll(byte[][] keys, byte[] block, int[] offsets, int[] lengths, long[] expireAts, int n) {
        if (batchHashes.length < n) {
            batchHashes = new int[n];
        }
        int[] hashes = batchHashes;
        for (int i = 0; i < n; i++) {
            hashes[i] = hasher.hash(keys[i]);
        }
        if (finished) {
            throw new IllegalStateException("loader already finished");
        }
        int mask = slots.length - 1;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += slots[hashes[i] & mask];
        }
        touched = sum;
        for (int i = 0; i < n; i++) {
            int slot = slotFor(keys[i], hashes[i]);
            if (slot < 0) {
                return i;
            }
            int address = arena.store(keys[i], block, offsets[i], lengths[i]);
            keep(slot, hashes[i], keys[i],
                    address == 0 ? Arrays.copyOfRange(block, offsets[i], offsets[i] + lengths[i]) : null, address,
                    expireAts[i]);
        }
        return n;
    }

    /** The free probe slot for {@code key}, or -1 when this database already got it. */
    private int slotFor(byte[] key, int hash) {
        if (finished) {
            throw new IllegalStateException("loader already finished");
        }
        int slot = free(key, hash);
        if (slot >= 0 && count == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("too many keys for one database");
        }
        return slot;
    }

    /**
     * Keeps key number {@link #count} in {@code slot}: the cell at {@code address} holds its name and
     * value, or (address 0) they are {@code key} and {@code value}.
     */
    private void keep(int slot, int hash, byte[] key, Object value, int address, long expireAt) {
        if (address == 0) {
            store(key, value, 0);
            db.countLoaded(MemoryCost.ofHeap(key, value), KeyVersionCounts.versionOf(value));
        } else {
            store(null, null, address);
            db.countLoaded(MemoryCost.ofCell(arena.sizeOf(address)), KeyVersionCounts.versionOf(arena, address));
        }
        slots[slot] = ((long) hash << 32) | (count + 1);
        if (expireAt >= 0) {
            keepExpiry(expireAt);
        }
        count++;
        if (count > slots.length / 2) {
            grow();
        }
    }

    /**
     * Links every key kept into the database, then forgets them; later calls do nothing. The keys are
     * linked (a heap key's entry made) in the probe table's order, which is the order of the table's buckets
     * (the probe table is two or more times the bucket array's size, so it sweeps it that many times):
     * the bucket array is written, and later scanned by the collector, front to back.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        arena.pagesFrom(null);
        if (pagesAhead != null) {
            pagesAhead.close();
        }
        db.reserve(count);
        for (int from = 0; from < slots.length; from += CHUNK) {
            link(from, Math.min(slots.length, from + CHUNK));
        }
        chunks = null;
        addresses = null;
        slots = null;
        expiring = null;
        expiringIndexes = null;
        expireAts = null;
    }

    /**
     * Links the keys of slots {@code from} to {@code to}. A call per range rather than one loop over
     * every slot, so that the loop is compiled like any method instead of running interpreted until an
     * on-stack replacement.
     */
    private void link(int from, int to) {
        for (int slot = from; slot < to; slot++) {
            long taken = slots[slot];
            if (taken == 0) {
                continue;
            }
            int index = (int) taken - 1;
            int address = addresses[index >>> CHUNK_BITS][index & (CHUNK - 1)];
            long expireAt = index >>> 6 < expiring.length && (expiring[index >>> 6] & (1L << index)) != 0
                    ? expireAts[Arrays.binarySearch(expiringIndexes, 0, expiringCount, index)] : -1;
            db.linkLoaded(address, address == 0 ? heapKey(index) : null, (int) (taken >>> 32), accessClock, expireAt);
        }
    }

    /** The free slot where {@code key} goes, or -1 when it is already there. */
    private int free(byte[] key, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long taken = slots[slot];
            if (taken == 0) {
                return slot;
            }
            if ((int) (taken >>> 32) == hash && isKey((int) taken - 1, key)) {
                return -1;
            }
        }
    }

    /** The name and value of key number {@code index}, which stays on the heap. */
    private HeapKey heapKey(int index) {
        Object[] chunk = chunks[index >>> CHUNK_BITS];
        int at = (index & (CHUNK - 1)) << 1;
        return new HeapKey((byte[]) chunk[at], chunk[at + 1]);
    }

    /** Whether key number {@code index} is {@code key}. */
    private boolean isKey(int index, byte[] key) {
        int address = addresses[index >>> CHUNK_BITS][index & (CHUNK - 1)];
        return address == 0 ? Arrays.equals((byte[]) chunks[index >>> CHUNK_BITS][(index & (CHUNK - 1)) << 1], key)
                : arena.hasKey(address, key);
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

    private void store(byte[] key, Object value, int address) {
        int chunk = count >>> CHUNK_BITS;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk * 2);
            addresses = Arrays.copyOf(addresses, chunk * 2);
        }
        if (addresses[chunk] == null) {
            addresses[chunk] = new int[CHUNK];
        }
        int at = count & (CHUNK - 1);
        addresses[chunk][at] = address;
        if (address == 0) {
            if (chunks[chunk] == null) {
                chunks[chunk] = new Object[2 * CHUNK];
            }
            chunks[chunk][at << 1] = key;
            chunks[chunk][(at << 1) + 1] = value;
        }
    }

    private void keepExpiry(long expireAt) {
        if (count >>> 6 >= expiring.length) {
            expiring = Arrays.copyOf(expiring, Math.max(expiring.length * 2, (count >>> 6) + 1));
        }
        expiring[count >>> 6] |= 1L << count;
        if (expiringCount == expireAts.length) {
            expiringIndexes = Arrays.copyOf(expiringIndexes, expiringCount * 2);
            expireAts = Arrays.copyOf(expireAts, expiringCount * 2);
        }
        expiringIndexes[expiringCount] = count;
        expireAts[expiringCount] = expireAt;
        expiringCount++;
    }
}
