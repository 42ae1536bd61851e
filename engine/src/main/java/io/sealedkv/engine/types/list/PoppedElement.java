package io.sealedkv.engine.types.list;

/**
 * An element {@link SealedList#popElement} took off a list, still sealed: a single, or element
 * {@code index} of a node's block.
 */
public record PoppedElement(Object segment, int index) {
}
