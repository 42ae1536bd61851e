package io.sealedkv.engine.keyspace;

/**
 * One key and its value: the only object the keyspace keeps per key. It is its own hash-chain node
 * and carries the cached hash, the access field (see {@link AccessTracking}) and the slot of its expiry in the table's expiry
 * index (-1 when it has none), so a key costs this object, its name and its sealed value.
 *
 * <p>A string value is the sealed byte array itself. A stored value array is never modified: every
 * write replaces it, which is what lets a reader take the reference under the lock and open it after.
 */
public final class Entry {
    final byte[] key;
    final int hash;
    Object value;
    int accessClock;
    int expirySlot = -1;
    StringOrigin origin = StringOrigin.STORED;
    Entry next;

    Entry(byte[] key, int hash, Object value, int accessClock) {
        this.key = key;
        this.hash = hash;
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
        return origin;
    }

    public boolean hasExpiry() {
        return expirySlot >= 0;
    }
}
