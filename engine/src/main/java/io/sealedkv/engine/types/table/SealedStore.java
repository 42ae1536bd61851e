package io.sealedkv.engine.types.table;

import java.util.function.Consumer;

/**
 * Where a {@link TokenTable} keeps its elements' sealed bytes, by dense index 0..size-1. Not
 * thread-safe: used under the keyspace lock, except {@link #touch}, which only reads.
 */
interface SealedStore {
    int size();

    /** The sealed bytes at {@code index}; never changed afterwards, whatever the store does. */
    byte[] get(int index);

    /**
     * Reads, without the lock, what a later {@link #get} or {@link #set} of {@code index} reads first (racy:
     * any index, even past the end, is harmless); a number made from it, for the caller to keep.
     */
    int touch(int index);

    /** Appends {@code sealed} at index {@link #size()}. */
    void add(byte[] sealed);

    /** Replaces the sealed bytes at {@code index}. */
    void set(int index, byte[] sealed);

    /** Removes the bytes at {@code index}; the last element takes its index. */
    void removeAt(int index);

    /** Visits every element's sealed bytes in index order. */
    void forEach(Consumer<byte[]> action);

    /** Heap bytes held, the sealed bytes included. */
    long heapBytes();
}
