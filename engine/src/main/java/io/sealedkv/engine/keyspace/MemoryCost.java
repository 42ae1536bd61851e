package io.sealedkv.engine.keyspace;

/**
 * The estimated memory cost of keys and values, which {@code used_memory} adds up and {@code maxmemory}
 * limits: per key its share of the table, plus where its name and value are: a cell in its
 * {@link ValueArena} (which holds the key's fields too), or an {@link Entry} node with a {@link HeapKey},
 * the name's array and the value (a sealed array, or what a collection reports).
 */
public final class MemoryCost {
    /** Table and expiry-index slots. */
    public static final long PER_KEY = 8;
    /**
     * A heap key's {@link Entry} node (32) and its slots in {@link HeapNodes} (8), its {@link HeapKey} record
     * (24: a 12-byte header, two references, aligned) and its name's array header (16).
     */
    static final long HEAP_KEY = 80;
    private static final long ARRAY_HEADER = 16;

    private MemoryCost() {
    }

    public static long of(Entry entry) {
        return PER_KEY + entry.keyAndValueBytes();
    }

    /** The cost of a key whose name and value take a cell of {@code cellSize} bytes. */
    static long ofCell(int cellSize) {
        return PER_KEY + cellSize;
    }

    /** The cost of a key named {@code key} whose name and value stay on the heap. */
    static long ofHeap(byte[] key, Object value) {
        return PER_KEY + HEAP_KEY + align(key.length) + ofValue(value);
    }

    static long ofHeapKey(HeapKey heap) {
        return HEAP_KEY + align(heap.key().length) + ofValue(heap.value());
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
