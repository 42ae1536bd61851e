package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.util.Arrays;

/**
 * One key and its value: the only object the keyspace keeps per key. It is its own hash-chain node
 * and carries the access field (see {@link AccessTracking}) and one packed field holding the string
 * origin and the slot of its expiry in the table's expiry index, so a key costs this object (32 bytes
 * with compressed references: a 12-byte header and five 4-byte fields) and where its name and value are.
 * The key's hash is not kept: the table recomputes it on the rare occasions it needs it again
 * (unlinking, growing).
 *
 * <p>A key with a string value short enough (and a name of at most {@value ValueArena#MAX_KEY} bytes)
 * lives in a cell of its table's {@link ValueArena}, name and sealed value together ({@code place} then
 * names the arena and {@code address} the cell); any other key, a collection's or a long string's, is a
 * {@link HeapKey} holding the name and the value (a collection or the sealed array). {@link #key()} and
 * {@link #value()} hand out copies of what a cell holds; a write of a value of the same size may rewrite
 * the cell in place (never while a snapshot reads it), and a stored array is never modified: every write
 * replaces it. Either way a reader can take the value under the lock and open it after.
 */
public final class Entry {
    private static final StringOrigin[] ORIGINS = StringOrigin.values();
    private static final int ORIGIN_SHIFT = 30;
    /** Expiry slot plus one (0: no expiry) in the low 30 bits. */
    private static final int SLOT_MASK = (1 << ORIGIN_SHIFT) - 1;
    /** The largest expiry slot the field holds: 2^30 - 2, more expiring keys than any heap fits. */
    static final int MAX_EXPIRY_SLOT = SLOT_MASK - 1;

    /** The {@link ValueArena} holding the key's cell at {@link #address}, or a {@link HeapKey}. */
    private Object place;
    private int address;
    int accessClock;
    /** Origin ordinal in the top 2 bits, expiry slot + 1 below. */
    private int originAndSlot;
    Entry next;

    /** An entry for a copy of {@code key} with {@code value}, in a cell of {@code arena} when it fits. */
    Entry(byte[] key, Object value, ValueArena arena, int accessClock) {
        this.accessClock = accessClock;
        int cell = value instanceof byte[] sealed ? arena.store(key, sealed) : 0;
        place = cell == 0 ? new HeapKey(key.clone(), value) : arena;
        address = cell;
    }

    /** An entry for a key kept on the heap as {@code heap} (a {@link DatabaseLoader}'s, which owns the name). */
    Entry(HeapKey heap, int accessClock) {
        this.place = heap;
        this.accessClock = accessClock;
    }

    /** An entry for the key and value a {@link DatabaseLoader} already put in {@code arena} at {@code address}. */
    Entry(ValueArena arena, int address, int accessClock) {
        this.place = arena;
        this.address = address;
        this.accessClock = accessClock;
    }

    /** The key name: a copy when it lives in a cell; callers must not modify it. */
    public byte[] key() {
        return place instanceof ValueArena arena ? arena.key(address) : ((HeapKey) place).key();
    }

    /** Whether this is the entry of {@code key}. Under the lock. */
    boolean hasKey(byte[] key) {
        return place instanceof ValueArena arena ? arena.hasKey(address, key)
                : Arrays.equals(((HeapKey) place).key(), key);
    }

    /** {@link #hasKey} read without the lock, racy (see {@link KeyTable#touch}): may err, never fails. */
    boolean peekHasKey(byte[] key) {
        Object seen = place;
        return seen instanceof ValueArena arena ? arena.peekHasKey(address, key)
                : seen instanceof HeapKey heap && Arrays.equals(heap.key(), key);
    }

    /** The keyspace's hash of the key name (see {@link KeyHash}). Under the lock. */
    int keyHash() {
        return place instanceof ValueArena arena ? arena.keyHash(address) : KeyHash.of(((HeapKey) place).key());
    }

    /** The value: a collection, or a string's sealed bytes (a copy when it lives in an arena). */
    public Object value() {
        return place instanceof ValueArena arena ? arena.read(address) : ((HeapKey) place).value();
    }

    public ValueType type() {
        return place instanceof ValueArena ? ValueType.STRING : ValueType.of(((HeapKey) place).value());
    }

    /**
     * Whether the value is still {@code read}, as {@link #value()} gave it earlier: the same collection,
     * or a string of the same sealed bytes (a new write seals with a new nonce, so equal bytes mean the
     * value was not written since).
     */
    public boolean holds(Object read) {
        if (place instanceof ValueArena arena) {
            return read instanceof byte[] sealed && arena.holds(address, sealed);
        }
        return ((HeapKey) place).value() == read;
    }

    /**
     * The data key version a string value's envelope names, read in place without copying the value.
     *
     * @throws io.sealedkv.crypto.SealingException for a malformed envelope, as {@link io.sealedkv.codec.ValueCodec#keyVersion}
     * @throws ClassCastException for a collection
     */
    public int stringKeyVersion() {
        return place instanceof ValueArena arena ? arena.keyVersion(address)
                : EnvelopeV1.keyVersion((byte[]) ((HeapKey) place).value());
    }

    /**
     * The value as stored: the {@link ValueArena} of a string kept in one (its cell at {@link #address()},
     * its name there too), else the value itself. For a snapshot that reads the value later without the lock.
     */
    public Object stored() {
        return place instanceof HeapKey heap ? heap.value() : place;
    }

    /** The cell of a key kept in an arena, else 0. */
    public int address() {
        return address;
    }

    /** Replaces the value, giving back the old one's cell; a short enough string goes into {@code arena}. */
    void store(Object newValue, ValueArena arena) {
        if (place instanceof ValueArena current) {
            int cell = newValue instanceof byte[] sealed ? current.replace(address, sealed) : 0;
            if (cell != 0) {
                address = cell;
                return;
            }
            byte[] key = current.key(address);
            current.free(address);
            address = 0;
            place = new HeapKey(key, newValue);
        } else {
            byte[] key = ((HeapKey) place).key();
            int cell = newValue instanceof byte[] sealed ? arena.store(key, sealed) : 0;
            place = cell == 0 ? new HeapKey(key, newValue) : arena;
            address = cell;
        }
    }

    /**
     * The entry has left its table: gives back its cell, if it has one, keeping a copy of the name and
     * sealed bytes for whoever still holds the entry (the command that deleted it, an event).
     */
    void detach() {
        if (place instanceof ValueArena arena) {
            place = new HeapKey(arena.key(address), arena.read(address));
            arena.free(address);
            address = 0;
        }
    }

    /** The estimated bytes of the name and value (see {@link MemoryCost}). */
    long keyAndValueBytes() {
        return place instanceof ValueArena arena ? arena.sizeOf(address) : MemoryCost.ofHeapKey((HeapKey) place);
    }

    public StringOrigin origin() {
        return ORIGINS[originAndSlot >>> ORIGIN_SHIFT];
    }

    void origin(StringOrigin origin) {
        originAndSlot = (origin.ordinal() << ORIGIN_SHIFT) | (originAndSlot & SLOT_MASK);
    }

    public boolean hasExpiry() {
        return (originAndSlot & SLOT_MASK) != 0;
    }

    /** The slot in the table's expiry index, or -1. */
    int expirySlot() {
        return (originAndSlot & SLOT_MASK) - 1;
    }

    void expirySlot(int slot) {
        originAndSlot = (originAndSlot & ~SLOT_MASK) | (slot + 1);
    }
}
