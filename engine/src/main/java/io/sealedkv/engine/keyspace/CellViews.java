package io.sealedkv.engine.keyspace;

import java.util.Arrays;

/**
 * The views of cells (see {@link Entry}) one {@link KeyTable} handed out during the current hold of the
 * keyspace lock, by address: the table hands out the same view for a cell again, so that entries compare
 * by identity as nodes do, and moves a view with its key. At the end of the hold ({@link ViewHolds}) the
 * views die and are forgotten. An open-addressing map with linear probing; under the lock.
 */
final class CellViews {
    private static final int MIN_CAPACITY = 16;
    /** A larger list of the views handed out (a SCAN of many keys) is dropped rather than cleared at a hold's end. */
    private static final int KEPT_CAPACITY = 1024;

    private final ViewHolds holds;
    private int[] addresses = new int[MIN_CAPACITY];
    private Entry[] views = new Entry[MIN_CAPACITY];
    private int count;
    /** Every view put in this hold, in order (a moved one again), so the hold's end costs what the hold did. */
    private Entry[] handed = new Entry[MIN_CAPACITY];
    private int handedCount;
    /** Whether {@link #holds} knows of views handed out in this hold. */
    private boolean open;

    CellViews(ViewHolds holds) {
        this.holds = holds;
    }

    /** The view handed out for the cell at {@code address} in this hold, or null. */
    Entry get(int address) {
        int mask = addresses.length - 1;
        for (int i = slot(address, mask); addresses[i] != 0; i = (i + 1) & mask) {
            if (addresses[i] == address) {
                return views[i];
            }
        }
        return null;
    }

    /** Records {@code view}, of the cell at {@code address}, which has none yet. */
    void put(int address, Entry view) {
        if (!open) {
            open = true;
            holds.opened(this);
        }
        if (2 * (count + 1) > addresses.length) {
            grow();
        }
        insert(address, view);
        count++;
        if (handedCount == handed.length) {
            handed = Arrays.copyOf(handed, handedCount * 2);
        }
        handed[handedCount++] = view;
    }

    /** Forgets the view of the cell at {@code address}, if there is one. */
    void remove(int address) {
        int mask = addresses.length - 1;
        int i = slot(address, mask);
        while (addresses[i] != address) {
            if (addresses[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        count--;
        // Backward-shift deletion: moves later entries of the probe run into the gap.
        for (int j = (i + 1) & mask; addresses[j] != 0; j = (j + 1) & mask) {
            int home = slot(addresses[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                addresses[i] = addresses[j];
                views[i] = views[j];
                i = j;
            }
        }
        addresses[i] = 0;
        views[i] = null;
    }

    /** The view of {@code from} now views {@code to}. */
    void move(int from, int to, Entry view) {
        remove(from);
        put(to, view);
    }

    /**
     * The hold ended: every view handed out dies, but for those that left their cells since (deleted, or
     * their key went to the heap: the entry is a heap copy or a node now, which stay valid).
     */
    void release() {
        for (int i = 0; i < handedCount; i++) {
            handed[i].holdEnded();
        }
        if (handed.length > KEPT_CAPACITY) {
            handed = new Entry[MIN_CAPACITY];
        } else {
            Arrays.fill(handed, 0, handedCount, null);
        }
        handedCount = 0;
        if (addresses.length > 4 * Math.max(count, MIN_CAPACITY)) {
            addresses = new int[MIN_CAPACITY];
            views = new Entry[MIN_CAPACITY];
        } else {
            Arrays.fill(addresses, 0);
            Arrays.fill(views, null);
        }
        count = 0;
        open = false;
    }

    private void grow() {
        int[] oldAddresses = addresses;
        Entry[] oldViews = views;
        addresses = new int[oldAddresses.length * 2];
        views = new Entry[oldViews.length * 2];
        for (int i = 0; i < oldAddresses.length; i++) {
            if (oldAddresses[i] != 0) {
                insert(oldAddresses[i], oldViews[i]);
            }
        }
    }

    private void insert(int address, Entry view) {
        int mask = addresses.length - 1;
        int i = slot(address, mask);
        while (addresses[i] != 0) {
            i = (i + 1) & mask;
        }
        addresses[i] = address;
        views[i] = view;
    }

    private static int slot(int address, int mask) {
        int h = address * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
