package io.sealedkv.engine.keyspace;

/**
 * One key and its value: the only object the keyspace keeps per key. It is its own hash-chain node
 * and carries the access field (see {@link AccessTracking}) and one packed field holding the string
 * origin and the slot of its expiry in the table's expiry index, so a key costs this object (32 bytes
 * with compressed references: a 12-byte header and five 4-byte fields), its name and its sealed value.
 * The key's hash is not kept: the table recomputes it on the rare occasions it needs it again
 * (unlinking, growing), which saves 8 bytes per key once the object is aligned.
 *
 * <p>A string value is the sealed byte array itself. A stored value array is never modified: every
 * write replaces it, which is what lets a reader take the reference under the lock and open it after.
 */
public final class Entry {
    private static final StringOrigin[] ORIGINS = StringOrigin.values();
    private static final int ORIGIN_SHIFT = 30;
    /** Expiry slot plus one (0: no expiry) in the low 30 bits. */
    private static final int SLOT_MASK = (1 << ORIGIN_SHIFT) - 1;
    /** The largest expiry slot the field holds: 2^30 - 2, more expiring keys than any heap fits. */
    static final int MAX_EXPIRY_SLOT = SLOT_MASK - 1;

    final byte[] key;
    Object value;
    int accessClock;
    /** Origin ordinal in the top 2 bits, expiry slot + 1 below. */
    private int originAndSlot;
    Entry next;

    Entry(byte[] key, Object value, int accessClock) {
        this.key = key;
        this.value = value;
        this.accessClock = accessClock;
    }

    /** The key name; callers must not modify it. */
    public byte[] key() {
        return key;
    }

    public Object value() {
        return value;
    }

    public ValueType type() {
        return ValueType.of(value);
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
