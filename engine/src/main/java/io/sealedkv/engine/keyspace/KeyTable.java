package io.sealedkv.engine.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one database: a power-of-two table of entry chains, plus a dense index of the entries
 * that have an expiry (their expiry times in a parallel {@code long[]}) so the active expiry cycle can
 * sample them at random, as Redis samples its {@code expires} dictionary.
 *
 * <p>SCAN cursors count through the bucket indexes with the bits reversed, so a full scan returns
 * every key that existed throughout it even when the table grows or shrinks between calls.
 */
final class KeyTable {
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_RESERVED = 1 << 24;

    private Entry[] buckets = new Entry[MIN_CAPACITY];
    private int size;
    private Entry[] expiring = new Entry[8];
    private long[] expireAts = new long[8];
    private int expiringCount;
    private long bytes;
    private final KeyVersionCounts versions = new KeyVersionCounts();
    private final ValueArena arena;

    KeyTable(FreeGate gate) {
        arena = new ValueArena(gate);
    }

    /** Where this table's string values live. */
    ValueArena arena() {
        return arena;
    }

    int size() {
        return size;
    }

    /** The estimated heap cost of the keys and values (see {@link MemoryCost}). */
    long bytes() {
        return bytes;
    }

    void adjustBytes(long delta) {
        bytes += delta;
    }

    /** The keys counted per data key version (see {@link KeyVersionCounts}). */
    KeyVersionCounts versions() {
        return versions;
    }

    int expiringCount() {
        return expiringCount;
    }

    Entry get(byte[] key, int hash) {
        for (Entry e = buckets[hash & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hasKey(key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds an entry whose key, of hash {@code hash}, is not present, holding {@code value} as given. */
    void add(Entry entry, int hash, Object value) {
        link(entry, hash);
        bytes += MemoryCost.of(entry);
        versions.add(value);
    }

    /**
     * Links an entry whose key, of hash {@code hash}, is not present, without {@link #count}ing it: a
     * snapshot load counts its entries as they are read and links them all at the end.
     */
    void link(Entry entry, int hash) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int index = hash & (buckets.length - 1);
        entry.next = buckets[index];
        buckets[index] = entry;
        size++;
    }

    /**
     * Adds a key's estimated cost (see {@link MemoryCost}) and its value's key version to the table's
     * totals; once per {@link #link}.
     */
    void count(long cost, int version) {
        bytes += cost;
        versions.add(version);
    }

    /** Unlinks {@code entry}, which must be present, and drops its expiry. */
    void remove(Entry entry) {
        int index = entry.keyHash() & (buckets.length - 1);
        Entry previous = null;
        for (Entry e = buckets[index]; e != null; previous = e, e = e.next) {
            if (e == entry) {
                if (previous == null) {
                    buckets[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                clearExpiry(e);
                size--;
                bytes -= MemoryCost.of(e);
                e.detach();
                versions.remove(e.value());
                if (buckets.length > MIN_CAPACITY && size < buckets.length / 8) {
                    resize(buckets.length / 2);
                }
                return;
            }
        }
        throw new IllegalStateException("entry not in table");
    }

    long expireAt(Entry entry) {
        int slot = entry.expirySlot();
        return slot < 0 ? -1 : expireAts[slot];
    }

    void setExpiry(Entry entry, long at) {
        int slot = entry.expirySlot();
        if (slot < 0) {
            if (expiringCount > Entry.MAX_EXPIRY_SLOT) {
                throw new IllegalStateException("too many keys with an expiry");
            }
            if (expiringCount == expiring.length) {
                expiring = Arrays.copyOf(expiring, expiringCount * 2);
                expireAts = Arrays.copyOf(expireAts, expiringCount * 2);
            }
            slot = expiringCount++;
            entry.expirySlot(slot);
            expiring[slot] = entry;
        }
        expireAts[slot] = at;
    }

    void clearExpiry(Entry entry) {
        int slot = entry.expirySlot();
        if (slot < 0) {
            return;
        }
        int last = --expiringCount;
        Entry moved = expiring[last];
        expiring[slot] = moved;
        expireAts[slot] = expireAts[last];
        moved.expirySlot(slot);
        expiring[last] = null;
        entry.expirySlot(-1);
        if (expiring.length > 64 && expiringCount < expiring.length / 4) {
            expiring = Arrays.copyOf(expiring, expiring.length / 2);
            expireAts = Arrays.copyOf(expireAts, expireAts.length / 2);
        }
    }

    /** A random entry with an expiry, or null. */
    Entry randomExpiring() {
        return expiringCount == 0 ? null : expiring[ThreadLocalRandom.current().nextInt(expiringCount)];
    }

    /** A random entry, or null when empty. */
    Entry random() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            Entry head = buckets[random.nextInt(buckets.length)];
            if (head == null) {
                continue;
            }
            int length = 0;
            for (Entry e = head; e != null; e = e.next) {
                length++;
            }
            Entry pick = head;
            for (int skip = random.nextInt(length); skip > 0; skip--) {
                pick = pick.next;
            }
            return pick;
        }
    }

    /** Collects the entries of the bucket {@code cursor} names and returns the next cursor (0 when done). */
    long scan(long cursor, List<Entry> into) {
        long mask = buckets.length - 1;
        for (Entry e = buckets[(int) (cursor & mask)]; e != null; e = e.next) {
            into.add(e);
        }
        return ScanCursor.next(cursor, buckets.length);
    }

    List<Entry> entries() {
        List<Entry> all = new ArrayList<>(size);
        for (Entry head : buckets) {
            for (Entry e = head; e != null; e = e.next) {
                all.add(e);
            }
        }
        return all;
    }

    /** Grows the bucket array once to hold {@code keys} keys (at most {@value #MAX_RESERVED} buckets). */
    void reserve(long keys) {
        long wanted = Math.min(keys, MAX_RESERVED);
        int capacity = buckets.length;
        while (capacity < wanted) {
            capacity <<= 1;
        }
        if (capacity > buckets.length) {
            resize(capacity);
        }
    }

    private static int peek(Entry e) {
        Object stored = e.stored();
        if (stored instanceof ValueArena values) {
            return values.peek(e.address());
        }
        return stored instanceof byte[] value && value.length > 0 ? value[0] : 1;
    }

    private void resize(int capacity) {
        Entry[] old = buckets;
        Entry[] fresh = new Entry[capacity];
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int index = e.keyHash() & (capacity - 1);
                e.next = fresh[index];
                fresh[index] = e;
                e = next;
            }
        }
        buckets = fresh;
    }

    /** How far {@link #touch} follows a chain; chains are about one entry long on average. */
    private static final int TOUCH_HOPS = 8;

    /**
     * Brings the chains of {@code count} keys (of hashes {@code hashes}) into this core's cache without
     * the lock, so the lookups made under it meet cache hits. Each step along the chains is two passes
     * over all the keys: one reads each entry and its cell (name and the first byte of the value, opened
     * right after), the next compares the names to decide which chains go on. The first pass does one short
     * thing per key, so the cache misses of different keys are in flight together instead of one after
     * the other (a pass that also compared names waited for each key's entry, then its cell, in turn).
     * Racy and read-only: {@code chains} (the caller's scratch, at least {@code count} long) holds the
     * walk, each chain is followed for at most {@value #TOUCH_HOPS} entries, so a table resized or changed
     * meanwhile can neither break nor loop it, and it decides nothing. Returns the sum of the first value
     * bytes of the keys found (on a table nobody changes meanwhile), for the caller to keep so that the reads
     * are not optimised away.
     */
    int touch(byte[][] keys, int[] hashes, Entry[] chains, int count) {
        Entry[] table = buckets;
        int mask = table.length - 1;
        for (int i = 0; i < count; i++) {
            chains[i] = table[hashes[i] & mask];
        }
        int read = 0;
        for (int hop = 0; hop < TOUCH_HOPS; hop++) {
            for (int i = 0; i < count; i++) {
                Entry e = chains[i];
                read += e == null ? 0 : peek(e);
            }
            boolean more = false;
            for (int i = 0; i < count; i++) {
                Entry e = chains[i];
                if (e == null) {
                    continue;
                }
                if (e.peekHasKey(keys[i])) {
                    chains[i] = null;
                } else {
                    read -= peek(e); // counts only the keys found: a cache hit now
                    chains[i] = e.next;
                    more = true;
                }
            }
            if (!more) {
                break;
            }
        }
        Arrays.fill(chains, 0, count, null);
        return read;
    }
}
