package io.sealedkv.engine.types.table;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One array per element, handed out as it was stored: for tables whose callers detect a concurrent
 * change by comparing the array they read earlier with the one stored now (a hash's HINCRBY), which
 * the copies {@link SealedPages} hands out would defeat.
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
        sealedBytes += sealed.length - arrays[index].length;
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
        for (int i = 0; i < size; i++) {
            action.accept(arrays[i]);
        }
    }

    @Override
    public long heapBytes() {
        return ARRAY_HEADER + 4L * arrays.length + sealedBytes;
    }
}
