package io.sealedkv.engine.types.table;

/**
 * How a small collection (a listpack hash, a small set, a listpack sorted set) stores its one sealed block
 * in an array that may be longer than the block, the block's length kept beside it. A new block is copied
 * into the stored array when it fits there without leaving more than half its own length unused, so a
 * collection rewritten keeps its array and the freshly sealed one dies young; otherwise it goes into a new
 * array a quarter longer than it, so that the next writes that grow or shrink it a little fit as well.
 * Blocks made once (created whole, loaded, restored) keep their exact length. Each replaced block used to
 * survive a few young collections and then leave the old generation as garbage: 100k small hashes under
 * random HSETs grew the heap to ~1 GB (BENCHMARKS.md, session 16).
 */
public final class BlockRoom {
    private BlockRoom() {
    }

    /** Whether a block of {@code length} bytes goes into the stored array of {@code capacity} bytes. */
    public static boolean fits(int capacity, int length) {
        return length <= capacity && capacity - length <= length / 2 + 16;
    }

    /** A new array for a block of {@code length} bytes, with room for the next writes. */
    public static byte[] arrayFor(int length) {
        return new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + length / 4L + 8)];
    }
}
