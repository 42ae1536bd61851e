package io.sealedkv.engine.keyspace;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The entries of one {@link KeyTable}'s heap keys (see {@link HeapKey}), by index, so that the table's
 * chains, which link cells by address, can link them by an int too. A new node takes the lowest free index,
 * so the live ones stay packed at the front and the array shrinks again as the last ones go (an index
 * cannot change while chains name it). Under the keyspace lock, but for {@link #peek}.
 */
final class HeapNodes {
    private static final int MIN_CAPACITY = 8;

    private Entry[] nodes = new Entry[MIN_CAPACITY];
    /** Every index from here on is unused. */
    private int top;
    /** The unused indexes below {@link #top}. */
    private final BitSet free = new BitSet();
    private int freeCount;
    /** No index below this one is free. */
    private int lowestFree;

    /** Keeps {@code node}; its index. */
    int add(Entry node) {
        int index;
        if (freeCount > 0) {
            index = free.nextSetBit(lowestFree);
            free.clear(index);
            freeCount--;
            lowestFree = index + 1;
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
        if (index < top - 1) {
            free.set(index);
            freeCount++;
            lowestFree = Math.min(lowestFree, index);
            return;
        }
        top = index;
        while (top > 0 && free.get(top - 1)) {
            free.clear(--top);
            freeCount--;
        }
        lowestFree = Math.min(lowestFree, top);
        int length = nodes.length;
        while (length > MIN_CAPACITY && top < length / 4) {
            length /= 2;
        }
        if (length < nodes.length) {
            nodes = Arrays.copyOf(nodes, length);
        }
    }

    /** The node at {@code index}, read without the lock (see {@link KeyTable#touch}): null when out of bounds. */
    Entry peek(int index) {
        Entry[] seen = nodes;
        return index >= 0 && index < seen.length ? seen[index] : null;
    }

    /** The length of the index array: for tests. */
    int capacity() {
        return nodes.length;
    }
}
