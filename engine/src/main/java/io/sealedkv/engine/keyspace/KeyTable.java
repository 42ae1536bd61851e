package io.sealedkv.engine.keyspace;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one database: a power-of-two table of key chains, plus a dense index of the keys that
 * have an expiry (their expiry times in a parallel {@code long[]}) so the active expiry cycle can
 * sample them at random, as Redis samples its {@code expires} dictionary.
 *
 * <p>Chains link keys by an int, a ref: a key in a cell of the {@link ValueArena} by the cell's address
 * (> 0), whose first bytes hold the link to the next key; a key on the heap by -(its node's index in
 * {@link HeapNodes} + 1), the node holding the link. 0 ends a chain. So a string key costs no Java
 * object: lookups hand out views of cells (see {@link Entry}, {@link CellViews}). When a key's cell
 * moves, or the key goes to the heap or comes back, its ref changes, and {@link #store} relinks it in its
 * chain and its expiry slot.
 *
 * <p>SCAN cursors count through the bucket indexes with the bits reversed, so a full scan returns
 * every key that existed throughout it even when the table grows or shrinks between calls.
 */
final class KeyTable {
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_RESERVED = 1 << 24;

    private int[] buckets = new int[MIN_CAPACITY];
    private int size;
    private int[] expiring = new int[8];
    private long[] expireAts = new long[8];
    private int expiringCount;
    private long bytes;
    private final KeyVersionCounts versions = new KeyVersionCounts();
    private final ValueArena arena;
    private final HeapNodes nodes = new HeapNodes();
    private final CellViews views;

    KeyTable(FreeGate gate, ViewHolds holds) {
        arena = new ValueArena(gate);
        views = new CellViews(holds);
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
        for (int ref = buckets[hash & (buckets.length - 1)]; ref != 0; ref = next(ref)) {
            if (ref > 0 ? arena.hasKey(ref, key) : nodes.get(-ref - 1).hasKey(key)) {
                return entry(ref);
            }
        }
        return null;
    }

    /** The entry of the key {@code ref} names: its node, or the view of its cell for this hold. */
    Entry entry(int ref) {
        if (ref < 0) {
            return nodes.get(-ref - 1);
        }
        Entry view = views.get(ref);
        if (view == null) {
            view = new Entry(arena, ref);
            views.put(ref, view);
        }
        return view;
    }

    private int next(int ref) {
        return ref > 0 ? arena.next(ref) : nodes.get(-ref - 1).next;
    }

    private void next(int ref, int next) {
        if (ref > 0) {
            arena.next(ref, next);
        } else {
            nodes.get(-ref - 1).next = next;
        }
    }

    /**
     * Adds a copy of {@code key}, of hash {@code hash} and not present, with {@code value} and access field
     * {@code clock}: in a cell when it fits, else on the heap.
     */
    Entry add(byte[] key, int hash, Object value, int clock) {
        int cell = value instanceof byte[] sealed ? arena.store(key, sealed) : 0;
        Entry entry;
        if (cell != 0) {
            arena.clock(cell, clock);
            link(cell, hash);
            entry = entry(cell);
        } else {
            entry = linkNode(new Entry(new HeapKey(key.clone(), value), clock), hash);
        }
        bytes += MemoryCost.of(entry);
        versions.add(value);
        return entry;
    }

    /** Links a node for a heap key of hash {@code hash}, not present and not {@link #count}ed (see {@link #link}). */
    Entry linkNode(Entry node, int hash) {
        node.nodeIndex(nodes.add(node));
        link(node.ref(), hash);
        return node;
    }

    /**
     * Links the key {@code ref} names, of hash {@code hash} and not present, without {@link #count}ing it:
     * a snapshot load counts its keys as they are read and links them all at the end.
     */
    void link(int ref, int hash) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int index = hash & (buckets.length - 1);
        next(ref, buckets[index]);
        buckets[index] = ref;
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
        int ref = entry.ref();
        relink(entry.keyHash(), ref, next(ref));
        clearExpiry(entry);
        size--;
        bytes -= MemoryCost.of(entry);
        if (ref > 0) {
            views.remove(ref);
        } else {
            nodes.remove(-ref - 1);
        }
        entry.detach();
        versions.remove(entry.value());
        if (buckets.length > MIN_CAPACITY && size < buckets.length / 8) {
            resize(buckets.length / 2);
        }
    }

    /** Replaces {@code ref}, in the chain of {@code hash}, by {@code with} (0: unlinks it). */
    private void relink(int hash, int ref, int with) {
        int index = hash & (buckets.length - 1);
        if (buckets[index] == ref) {
            buckets[index] = with;
            return;
        }
        for (int r = buckets[index]; r != 0; r = next(r)) {
            if (next(r) == ref) {
                next(r, with);
                return;
            }
        }
        throw new IllegalStateException("entry not in table");
    }

    /**
     * Gives {@code entry}, which is present, {@code value}: in its cell when the size allows, else in
     * another cell or on the heap, relinked where its ref was (see the class comment).
     */
    void store(Entry entry, Object value) {
        int from = entry.ref();
        if (from > 0) {
            int cell = value instanceof byte[] sealed ? arena.replace(from, sealed) : 0;
            if (cell == from) {
                return;
            }
            if (cell != 0) {
                views.move(from, cell, entry);
                entry.moved(cell);
            } else {
                views.remove(from);
                entry.toNode(new HeapKey(arena.key(from), value), nodes.add(entry), arena.next(from),
                        arena.clock(from), arena.originAndSlot(from));
                arena.free(from);
            }
            moved(entry, entry.keyHash(), from);
            return;
        }
        int cell = value instanceof byte[] sealed ? arena.store(entry.key(), sealed) : 0;
        if (cell == 0) {
            entry.heapValue(value);
            return;
        }
        int hash = entry.keyHash();
        nodes.remove(entry.nodeIndex());
        entry.toCell(arena, cell);
        views.put(cell, entry);
        moved(entry, hash, from);
    }

    /** {@code entry}, of hash {@code hash}, took the place of {@code from} in its chain and expiry slot. */
    private void moved(Entry entry, int hash, int from) {
        int ref = entry.ref();
        relink(hash, from, ref);
        int slot = entry.expirySlot();
        if (slot >= 0) {
            expiring[slot] = ref;
        }
    }

    long expireAt(Entry entry) {
        int slot = entry.expirySlot();
        return slot < 0 ? -1 : expireAts[slot];
    }

    void setExpiry(Entry entry, long at) {
        setExpiry(entry.ref(), at);
    }

    /** Gives the key {@code ref} names the expiry time {@code at}, without making a view of its cell. */
    void setExpiry(int ref, long at) {
        int slot = expirySlotOf(ref);
        if (slot < 0) {
            if (expiringCount > Entry.MAX_EXPIRY_SLOT) {
                throw new IllegalStateException("too many keys with an expiry");
            }
            if (expiringCount == expiring.length) {
                expiring = Arrays.copyOf(expiring, expiringCount * 2);
                expireAts = Arrays.copyOf(expireAts, expiringCount * 2);
            }
            slot = expiringCount++;
            expirySlot(ref, slot);
            expiring[slot] = ref;
        }
        expireAts[slot] = at;
    }

    void clearExpiry(Entry entry) {
        int slot = entry.expirySlot();
        if (slot < 0) {
            return;
        }
        int last = --expiringCount;
        int moved = expiring[last];
        expiring[slot] = moved;
        expireAts[slot] = expireAts[last];
        expiring[last] = 0;
        entry.expirySlot(-1);
        if (moved != entry.ref()) {
            expirySlot(moved, slot);
        }
        if (expiring.length > 64 && expiringCount < expiring.length / 4) {
            expiring = Arrays.copyOf(expiring, expiring.length / 2);
            expireAts = Arrays.copyOf(expireAts, expireAts.length / 2);
        }
    }

    private int expirySlotOf(int ref) {
        return ref > 0 ? Entry.expirySlotIn(arena.originAndSlot(ref)) : nodes.get(-ref - 1).expirySlot();
    }

    /** Sets the expiry slot of the key {@code ref} names; a cell's without making a view of it. */
    private void expirySlot(int ref, int slot) {
        if (ref > 0) {
            arena.originAndSlot(ref, Entry.withExpirySlot(arena.originAndSlot(ref), slot));
        } else {
            nodes.get(-ref - 1).expirySlot(slot);
        }
    }

    /** A random entry with an expiry, or null. */
    Entry randomExpiring() {
        return expiringCount == 0 ? null : entry(expiring[ThreadLocalRandom.current().nextInt(expiringCount)]);
    }

    /** A random entry, or null when empty. */
    Entry random() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int head = buckets[random.nextInt(buckets.length)];
            if (head == 0) {
                continue;
            }
            int length = 0;
            for (int r = head; r != 0; r = next(r)) {
                length++;
            }
            int pick = head;
            for (int skip = random.nextInt(length); skip > 0; skip--) {
                pick = next(pick);
            }
            return entry(pick);
        }
    }

    /** Collects the entries of the bucket {@code cursor} names and returns the next cursor (0 when done). */
    long scan(long cursor, List<Entry> into) {
        long mask = buckets.length - 1;
        for (int r = buckets[(int) (cursor & mask)]; r != 0; r = next(r)) {
            into.add(entry(r));
        }
        return ScanCursor.next(cursor, buckets.length);
    }

    /**
     * Every key, for a walk that changes nothing meanwhile (see {@link Keyspace#entries}): a key in a cell
     * is shown by one view, unregistered, that moves to the next cell as the walk goes on, so a walk of a
     * million keys makes no object per key; it dies when the walk ends.
     */
    Iterable<Entry> entries() {
        return Walk::new;
    }

    private final class Walk implements Iterator<Entry> {
        private int bucket;
        private int ref;
        private Entry view;

        Walk() {
            ref = headFrom(0);
        }

        /** The first key of the first non-empty bucket from {@code from} on, or 0; sets {@link #bucket}. */
        private int headFrom(int from) {
            for (bucket = from; bucket < buckets.length; bucket++) {
                if (buckets[bucket] != 0) {
                    return buckets[bucket];
                }
            }
            return 0;
        }

        @Override
        public boolean hasNext() {
            if (ref == 0 && view != null) {
                view.die();
            }
            return ref != 0;
        }

        @Override
        public Entry next() {
            if (ref == 0) {
                throw new NoSuchElementException();
            }
            int current = ref;
            int following = KeyTable.this.next(current);
            ref = following != 0 ? following : headFrom(bucket + 1);
            if (current < 0) {
                return nodes.get(-current - 1);
            }
            if (view == null) {
                view = new Entry(arena, current);
            } else {
                view.moved(current);
            }
            return view;
        }
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

    /** The first byte of the value of the key {@code ref} names, read without the lock (see {@link #touch}). */
    private int peek(int ref) {
        if (ref > 0) {
            return arena.peek(ref);
        }
        Entry node = nodes.peek(-ref - 1);
        return node != null && node.peekValue() instanceof byte[] value && value.length > 0 ? value[0] : 1;
    }

    private int peekNext(int ref) {
        if (ref > 0) {
            return arena.peekNext(ref);
        }
        Entry node = nodes.peek(-ref - 1);
        return node == null ? 0 : node.next;
    }

    private boolean peekHasKey(int ref, byte[] key) {
        if (ref > 0) {
            return arena.peekHasKey(ref, key);
        }
        Entry node = nodes.peek(-ref - 1);
        return node != null && node.peekHasKey(key);
    }

    private void resize(int capacity) {
        int[] old = buckets;
        int[] fresh = new int[capacity];
        for (int head : old) {
            int r = head;
            while (r != 0) {
                int next = next(r);
                int index = (r > 0 ? arena.keyHash(r) : nodes.get(-r - 1).keyHash()) & (capacity - 1);
                next(r, fresh[index]);
                fresh[index] = r;
                r = next;
            }
        }
        buckets = fresh;
    }

    /** How far {@link #touch} follows a chain; chains are about one key long on average. */
    private static final int TOUCH_HOPS = 8;

    /**
     * Brings the chains of {@code count} keys (of hashes {@code hashes}) into this core's cache without
     * the lock, so the lookups made under it meet cache hits. Each step along the chains is two passes
     * over all the keys: one reads each key's cell or node (name and the first byte of the value, opened
     * right after), the next compares the names to decide which chains go on. The first pass does one short
     * thing per key, so the cache misses of different keys are in flight together instead of one after
     * the other. Racy and read-only: {@code chains} (the caller's scratch, at least {@code count} long) holds
     * the walk's refs, each chain is followed for at most {@value #TOUCH_HOPS} keys, and every ref is
     * bounds-checked before it is followed, so a table resized or changed meanwhile can neither break nor
     * loop it, and it decides nothing. Returns the sum of the first value bytes of the keys found (on a
     * table nobody changes meanwhile), for the caller to keep so that the reads are not optimised away.
     */
    int touch(byte[][] keys, int[] hashes, int[] chains, int count) {
        int[] table = buckets;
        int mask = table.length - 1;
        for (int i = 0; i < count; i++) {
            chains[i] = table[hashes[i] & mask];
        }
        int read = 0;
        for (int hop = 0; hop < TOUCH_HOPS; hop++) {
            for (int i = 0; i < count; i++) {
                int r = chains[i];
                read += r == 0 ? 0 : peek(r);
            }
            boolean more = false;
            for (int i = 0; i < count; i++) {
                int r = chains[i];
                if (r == 0) {
                    continue;
                }
                if (peekHasKey(r, keys[i])) {
                    chains[i] = 0;
                } else {
                    read -= peek(r); // counts only the keys found: a cache hit now
                    chains[i] = peekNext(r);
                    more = true;
                }
            }
            if (!more) {
                break;
            }
        }
        Arrays.fill(chains, 0, count, 0);
        return read;
    }
}
