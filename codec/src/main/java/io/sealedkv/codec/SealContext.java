package io.sealedkv.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a sealed value belongs: a database identity and the key name. Both are bound into the
 * associated data, so a sealed value copied under another key or into another database does not open.
 *
 * <p>{@code database} is whatever 64-bit identity the engine gives a logical database (its index, or a
 * stable id that moves with SWAPDB). {@code key} is the binary-safe key name; it is not copied.
 */
public final class SealContext {
    private final long database;
    private final byte[] key;

    private SealContext(long database, byte[] key) {
        this.database = database;
        this.key = Objects.requireNonNull(key, "key");
    }

    public static SealContext of(long database, byte[] key) {
        return new SealContext(database, key);
    }

    public long database() {
        return database;
    }

    /** The key name; callers must not modify it. */
    public byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealContext other && other.database == database && Arrays.equals(other.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(database) + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "SealContext[db=" + database + ", key length=" + key.length + "]";
    }
}
