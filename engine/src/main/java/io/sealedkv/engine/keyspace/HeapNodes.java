package io.sealedkv.engine.keyspace;

import java.util.Arrays;

/**
 * The entries of one {@link KeyTable}'s heap keys (see {@link HeapKey}), by index, so that the table's
 * chains, which link cells by address, can link them by an int too. Freed indexes are reused. Under the
 * keyspace lock, but for {@link #peek}.
 */
final class HeapNodes {
    private Entry[] nodes = new Entry[8];
    private int top;
    private int[] free = new int[8];
    private int freeCount;

    /** Keeps {@code node}; its index. */
    int add(Entry node) {
        int index;
        if (freeCount > 0) {
            index = free[--freeCount];
        } else {
            if (top == nodes.length) {
                nodes = Arrays.copyOf(nodes, top * 2);
            }
            index = top++;
        }
        nodes[index] = node;
        return index;
    }

    Entry get(int index) {
        return nodes[index];
    }

    void remove(int index) {
        nodes[index] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = index;
    }

    /** The node at {@code index}, read without the lock (see {@link KeyTable#touch}): null when out of bounds. */
    Entry peek(int index) {
        Entry[] seen = nodes;
        return index >= 0 && index < seen.length ? seen[index] : null;
    }
}
