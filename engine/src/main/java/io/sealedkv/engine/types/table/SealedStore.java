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
     * The sealed bytes at {@code index} as stored, for a caller that reads them under the lock and keeps
     * nothing (a later write may change them in place); a copy where the store has no array of its own.
     */
    default byte[] stored(int index) {
        return get(index);
    }

    /**
     * Reads, without the lock, what a later {@link #get} or {@link #set} of {@code index} reads first (racy:
     * any index, even past the end, is harmless); a number made from it, for the caller to keep.
     */
    int touch(int index);

    /** Appends {@code sealed} at index {@link #size()}; the store may keep the array and later write into it. */
    void add(byte[] sealed);

    /** Replaces the sealed bytes at {@code index}; the store may keep the array and later write into it. */
    void set(int index, byte[] sealed);

    /** Removes the bytes at {@code index}; the last element takes its index. */
    void removeAt(int index);

    /** Visits every element's sealed bytes in index order: arrays {@link #get} would hand out. */
    void forEach(Consumer<byte[]> action);

    /** As {@link #forEach}, with the bytes as {@link #stored}: read them under the lock, keep none. */
    default void forEachStored(Consumer<byte[]> action) {
        forEach(action);
    }

    /** Heap bytes held, the sealed bytes included. */
    long heapBytes();
}
