package io.sealedkv.engine.keyspace;

/**
 * The estimated memory cost of keys and values, which {@code used_memory} adds up and {@code maxmemory}
 * limits: per key its {@link Entry} with the key array and its share of the table, plus the value (a
 * string's cell in its {@link ValueArena} or its sealed array, or what a collection reports).
 */
public final class MemoryCost {
    /** Entry object (40), key array header (16), table and expiry-index slots (8). */
    public static final long PER_KEY = 64;
    private static final long ARRAY_HEADER = 16;

    private MemoryCost() {
    }

    public static long of(Entry entry) {
        return of(entry.key, entry.valueBytes());
    }

    static long of(byte[] key, long valueBytes) {
        return PER_KEY + align(key.length) + valueBytes;
    }

    /** The cost of a value held on the heap: a sealed string array, or what a collection reports. */
    static long ofValue(Object value) {
        if (value instanceof byte[] sealed) {
            return ARRAY_HEADER + align(sealed.length);
        }
        return ((CollectionValue) value).memoryBytes();
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
