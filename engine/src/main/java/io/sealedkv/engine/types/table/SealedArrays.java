package io.sealedkv.engine.types.table;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One array per element, for elements that are replaced by new values of any length (a hash's pairs):
 * a new value of the stored one's length is copied into the stored array, so that a table rewritten
 * with values of one size (counters, fixed-size records) keeps its arrays where they are and the
 * freshly sealed ones die young, instead of each surviving a few young collections, reaching the old
 * generation and leaving it as garbage when replaced (a 100k-field hash under pipelined HSETs grew the
 * heap to ~1 GB that way; BENCHMARKS.md, session 15). A value of another length replaces the array.
 * Arrays are handed out as copies, as {@link SealedPages} does, so no caller holds one that changes.
 * Unlike packed pages, a length change costs only its own array, not a rebuilt page.
 */
final class SealedArrays implements SealedStore {
    private static final int ARRAY_HEADER = 16;

    private byte[][] arrays;
    private int size;
    private long sealedBytes;

    SealedArrays(int capacity) {
        arrays = new byte[Math.max(capacity, 4)][];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] get(int index) {
        return stored(index).clone();
    }

    @Override
    public byte[] stored(int index) {
        return arrays[index];
    }

    @Override
    public int touch(int index) {
        byte[][] current = arrays;
        byte[] sealed = index < current.length ? current[index] : null;
        return sealed == null ? 0 : sealed.length;
    }

    @Override
    public void add(byte[] sealed) {
        if (size == arrays.length) {
            arrays = Arrays.copyOf(arrays, size + (size >> 1) + 1);
        }
        arrays[size++] = sealed;
        sealedBytes += ARRAY_HEADER + sealed.length;
    }

    @Override
    public void set(int index, byte[] sealed) {
        byte[] stored = arrays[index];
        if (stored.length == sealed.length) {
            System.arraycopy(sealed, 0, stored, 0, sealed.length);
            return;
        }
        sealedBytes += sealed.length - stored.length;
        arrays[index] = sealed;
    }

    @Override
    public void removeAt(int index) {
        int last = --size;
        sealedBytes -= ARRAY_HEADER + arrays[index].length;
        arrays[index] = arrays[last];
        arrays[last] = null;
        if (arrays.length > 8 && size < arrays.length / 4) {
            arrays = Arrays.copyOf(arrays, Math.max(size + (size >> 1), 4));
        }
    }

    @Override
    public void forEach(Consumer<byte[]> action) {
        forEachStored(stored -> action.accept(stored.clone()));
    }

    @Override
    public void forEachStored(Consumer<byte[]> action) {
        for (int i = 0; i < size; i++) {
            action.accept(arrays[i]);
        }
    }

    @Override
    public long heapBytes() {
        return ARRAY_HEADER + 4L * arrays.length + sealedBytes;
    }
}
