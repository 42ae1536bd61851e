package io.sealedkv.engine.types.list;

/**
 * A packed node of a {@link SealedList}: consecutive elements encoded as one {@link ListBlock} and sealed
 * as one array. Immutable: a change to the node makes a new one. A run of pops takes elements off an edge
 * node without opening it ({@link #withoutFirst}, {@link #withoutLast}): the node then holds only
 * {@code count} of its block's {@code blockCount} elements, from {@code first} on (a slice), until it is
 * opened and sealed again or popped empty.
 *
 * @param sealed     the sealed block
 * @param count      how many elements of the block are in the list (at least 2 in a whole node: one
 *                   element is kept as a single sealed array; at least 1 in a slice)
 * @param plainBytes the length of the block before sealing, for the node size limit
 * @param first      the index in the block of the first element in the list
 * @param blockCount how many elements the block holds
 */
public record ListNode(byte[] sealed, int count, int plainBytes, int first, int blockCount) {
    /** A whole node: every element of its block is in the list. */
    public ListNode(byte[] sealed, int count, int plainBytes) {
        this(sealed, count, plainBytes, 0, count);
    }

    /** True when some elements of the block were popped off. */
    public boolean sliced() {
        return count < blockCount;
    }

    /** The node without its first element in the list; null when that was its last. */
    ListNode withoutFirst() {
        return count == 1 ? null : new ListNode(sealed, count - 1, plainBytes, first + 1, blockCount);
    }

    /** The node without its last element in the list; null when that was its last. */
    ListNode withoutLast() {
        return count == 1 ? null : new ListNode(sealed, count - 1, plainBytes, first, blockCount);
    }
}
