package io.sealedkv.engine.type.list;

/**
 * A packed node of a {@link SealedList}: several consecutive elements encoded as one {@link ListBlock}
 * and sealed as one array. Immutable: a change to the node makes a new one.
 *
 * @param sealed     the sealed block
 * @param count      how many elements it holds (at least 2: one element is kept as a single sealed array)
 * @param plainBytes the length of the block before sealing, for the node size limit
 */
public record ListNode(byte[] sealed, int count, int plainBytes) {
}
