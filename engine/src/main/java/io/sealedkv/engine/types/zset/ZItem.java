package io.sealedkv.engine.types.zset;

/**
 * One member and its score as a query hands it out: the member in clear when it comes from an opened
 * listpack block (the caller wipes the block's plaintext when done), or sealed when it comes from a
 * skiplist node (the caller opens it outside the lock).
 */
public record ZItem(byte[] member, boolean sealed, double score) {
}
