package io.sealedkv.engine.keyspace;

import java.util.List;
import java.util.SortedMap;

/**
 * One of the numbered databases (SELECT). Its {@link #id()} is the identity sealed values are bound
 * to: it starts equal to the index and moves with the data on SWAPDB, so swapping two databases is
 * O(1) and no value needs resealing. All methods require the keyspace lock, except {@link #id()}, which
 * a sealer may read beforehand and must re-check under the lock.
 */
public final class Database {
    private final int index;
    private volatile long id;
    private final FreeGate gate;
    private final ViewHolds holds;
    private KeyTable table;

    Database(int index, FreeGate gate, ViewHolds holds) {
        this.index = index;
        this.id = index;
        this.gate = gate;
        this.holds = holds;
        this.table = new KeyTable(gate, holds);
    }

    public int index() {
        return index;
    }

    /** The identity values in this database are sealed for (see {@link io.sealedkv.codec.SealContext}). */
    public long id() {
        return id;
    }

    void assignId(long id) {
        this.id = id;
    }

    public int size() {
        return table.size();
    }

    /** The estimated heap cost of this database's keys and values (see {@link MemoryCost}). */
    public long bytes() {
        return table.bytes();
    }

    void adjustBytes(long delta) {
        table.adjustBytes(delta);
    }

    /** Adds the number of keys each data key version protects here to {@code into} (see {@link KeyVersionCounts}). */
    public void countKeyVersions(SortedMap<Integer, Long> into) {
        table.versions().addTo(into);
    }

    /** Gives {@code entry} of this database {@code value}, replacing its value (see {@link KeyTable#store}). */
    void replaceValue(Entry entry, Object value) {
        table.versions().replaced(entry, value);
        table.store(entry, value);
    }

    public int expiringCount() {
        return table.expiringCount();
    }

    /** Absolute expiry in Unix milliseconds, or -1 when the key has none. */
    public long expireAt(Entry entry) {
        return table.expireAt(entry);
    }

    /** The entry for {@code key} without expiry or statistics: for the keyspace's own use. */
    Entry raw(byte[] key) {
        return raw(key, KeyHash.of(key));
    }

    /** {@link #raw(byte[])} with the key's hash already computed ({@link KeyHash#of}), for a lookup before an add. */
    Entry raw(byte[] key, int hash) {
        return table.get(key, hash);
    }

    /** Makes room for {@code keys} keys at once (a snapshot load says how many come), up to a sane bound. */
    public void reserve(long keys) {
        table.reserve(keys);
    }

    /** The direct memory of the pages holding this database's string values (see {@link ValueArena}). */
    long arenaBytes() {
        return table.arena().pageBytes();
    }

    /** Where the string values of this database's current table go (a {@link DatabaseLoader} stores there). */
    ValueArena arena() {
        return table.arena();
    }

    /**
     * Counts a key a {@link DatabaseLoader} keeps for {@link #linkLoaded}: its estimated cost (see
     * {@link MemoryCost}) and its value's key version.
     */
    void countLoaded(long cost, int version) {
        table.count(cost, version);
    }

    /**
     * Adds a key a {@link DatabaseLoader} counted, whose key, of hash {@code hash}, is not present: in the
     * cell at {@code address}, or (0) as {@code heap}; {@code expireAt} -1 for no expiry.
     */
    void linkLoaded(int address, HeapKey heap, int hash, int accessClock, long expireAt) {
        int ref = address;
        if (address == 0) {
            ref = table.linkNode(new Entry(heap, accessClock), hash).ref();
        } else {
            table.arena().clock(address, accessClock);
            table.link(address, hash);
        }
        if (expireAt >= 0) {
            table.setExpiry(ref, expireAt);
        }
    }

    Entry randomEntry() {
        return table.random();
    }

    Entry randomExpiring() {
        return table.randomExpiring();
    }

    long scan(long cursor, List<Entry> into) {
        return table.scan(cursor, into);
    }

    Iterable<Entry> entries() {
        return table.entries();
    }

    Entry add(byte[] key, Object value, int clock) {
        return add(key, KeyHash.of(key), value, clock);
    }

    Entry add(byte[] key, int hash, Object value, int clock) {
        return table.add(key, hash, value, clock);
    }

    void remove(Entry entry) {
        table.remove(entry);
    }

    void setExpiry(Entry entry, long at) {
        table.setExpiry(entry, at);
    }

    void clearExpiry(Entry entry) {
        table.clearExpiry(entry);
    }

    /** Replaces the whole content; returns how many keys were dropped. */
    int clear() {
        int dropped = table.size();
        table = new KeyTable(gate, holds);
        return dropped;
    }

    void swapWith(Database other) {
        KeyTable otherTable = other.table;
        long otherId = other.id;
        other.table = table;
        other.id = id;
        table = otherTable;
        id = otherId;
    }

    /**
     * Warms the chains of {@code keys} before the lock is taken: the one method here that runs without
     * it (see {@link KeyTable#touch}); a racy read of the table that at worst warms the wrong lines.
     * {@code hashes} are {@link Keyspace#hash}es, {@code chains} the caller's scratch.
     */
    public int touch(byte[][] keys, int[] hashes, int[] chains, int count) {
        return table.touch(keys, hashes, chains, count);
    }
}
