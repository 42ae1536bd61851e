package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;

/**
 * One key and its value: the only object the keyspace keeps per key. It is its own hash-chain node
 * and carries the access field (see {@link AccessTracking}) and one packed field holding the string
 * origin and the slot of its expiry in the table's expiry index, so a key costs this object (40 bytes
 * with compressed references: a 12-byte header and six 4-byte fields), its name and its sealed value.
 * The key's hash is not kept: the table recomputes it on the rare occasions it needs it again
 * (unlinking, growing), which saves 8 bytes per key once the object is aligned.
 *
 * <p>A string value lives in its table's {@link ValueArena} (the value field then names the arena and
 * {@code address} the cell), or, when too long for one, is the sealed byte array itself.
 * {@link #value()} hands out a copy of the sealed bytes of an arena value, and a stored array is never
 * modified: every write replaces it. Either way a reader can take the value under the lock and open it
 * after.
 */
public final class Entry {
    private static final StringOrigin[] ORIGINS = StringOrigin.values();
    private static final int ORIGIN_SHIFT = 30;
    /** Expiry slot plus one (0: no expiry) in the low 30 bits. */
    private static final int SLOT_MASK = (1 << ORIGIN_SHIFT) - 1;
    /** The largest expiry slot the field holds: 2^30 - 2, more expiring keys than any heap fits. */
    static final int MAX_EXPIRY_SLOT = SLOT_MASK - 1;

    final byte[] key;
    private Object value;
    private int address;
    int accessClock;
    /** Origin ordinal in the top 2 bits, expiry slot + 1 below. */
    private int originAndSlot;
    Entry next;

    Entry(byte[] key, Object value, ValueArena arena, int accessClock) {
        this.key = key;
        this.accessClock = accessClock;
        store(value, arena);
    }

    /** An entry for a value a {@link DatabaseLoader} already put in {@code arena} at {@code address}. */
    Entry(byte[] key, ValueArena arena, int address, int accessClock) {
        this.key = key;
        this.value = arena;
        this.address = address;
        this.accessClock = accessClock;
    }

    /** The key name; callers must not modify it. */
    public byte[] key() {
        return key;
    }

    /** The value: a collection, or a string's sealed bytes (a copy when it lives in an arena). */
    public Object value() {
        return value instanceof ValueArena arena ? arena.read(address) : value;
    }

    public ValueType type() {
        return value instanceof ValueArena ? ValueType.STRING : ValueType.of(value);
    }

    /**
     * Whether the value is still {@code read}, as {@link #value()} gave it earlier: the same collection,
     * or a string of the same sealed bytes (a new write seals with a new nonce, so equal bytes mean the
     * value was not written since).
     */
    public boolean holds(Object read) {
        if (value instanceof ValueArena arena) {
            return read instanceof byte[] sealed && arena.holds(address, sealed);
        }
        return value == read;
    }

    /**
     * The data key version a string value's envelope names, read in place without copying the value.
     *
     * @throws io.sealedkv.crypto.SealingException for a malformed envelope, as {@link io.sealedkv.codec.ValueCodec#keyVersion}
     * @throws ClassCastException for a collection
     */
    public int stringKeyVersion() {
        return value instanceof ValueArena arena ? arena.keyVersion(address) : EnvelopeV1.keyVersion((byte[]) value);
    }

    /**
     * The value as stored: the {@link ValueArena} of a string kept in one (its cell at {@link #address()}),
     * else the value itself. For a snapshot that reads the value later without the lock.
     */
    public Object stored() {
        return value;
    }

    /** The cell of a string kept in an arena, else 0. */
    public int address() {
        return address;
    }

    /** Replaces the value, giving back the old one's cell; a short enough string goes into {@code arena}. */
    void store(Object newValue, ValueArena arena) {
        release();
        int cell = newValue instanceof byte[] sealed ? arena.store(sealed) : 0;
        value = cell == 0 ? newValue : arena;
        address = cell;
    }

    /**
     * The entry has left its table: gives back the value's cell, if it has one, keeping a copy of the
     * sealed bytes for whoever still holds the entry (the command that deleted it, an event).
     */
    void detach() {
        if (address != 0) {
            ValueArena arena = (ValueArena) value;
            value = arena.read(address);
            arena.free(address);
            address = 0;
        }
    }

    private void release() {
        if (address != 0) {
            ((ValueArena) value).free(address);
            address = 0;
        }
    }

    /** The estimated bytes of the value (see {@link MemoryCost}). */
    long valueBytes() {
        return value instanceof ValueArena arena ? ValueArena.cellSize(arena.length(address)) : MemoryCost.ofValue(value);
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
