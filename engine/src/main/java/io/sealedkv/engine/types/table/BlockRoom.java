package io.sealedkv.engine.types.table;

import java.util.Arrays;

/**
 * How a small collection (a listpack hash, a small set, a listpack sorted set, a small list) stores its one
 * sealed block in an array that may be longer than the block, the block's length kept beside it. A new block
 * is copied into the stored array when it fits there and fills about half of it (at least (capacity - 16) / 2
 * bytes), so a collection rewritten keeps its array and the freshly sealed one dies young; otherwise it goes
 * into a new array a quarter longer than it, so that the next writes that grow it a little fit as well.
 * Blocks made once (created whole, loaded, restored) keep their exact length. Each replaced block used to
 * survive a few young collections and then leave the old generation as garbage: 100k small hashes under
 * random HSETs grew the heap to ~1 GB (BENCHMARKS.md, session 16). A new array costs more than its bytes: it
 * stays young through up to 15 collections, copied at each, and the card of the value that refers to it is
 * scanned at each, which lengthens the young pauses that G1 answers by growing the heap. So a block that
 * shrinks keeps its array: a block whose length wanders up and down otherwise moves whenever it leaves a
 * narrow band (simulated 100k sets under random SADD/SREM: 1.7 % of writes moved the block, 0.5 % so).
 */
public final class BlockRoom {
    private BlockRoom() {
    }

    /**
     * The array to keep the new block {@code sealed} in, its bytes copied in: {@code stored} (the array kept so
     * far, or null) when the block fits there, else a new one with room. Callers write the result into their field
     * only when it is not {@code stored}: the same reference written again still dirties the caller's card, which
     * G1 scans at the next young pause (one card per write under churn, BENCHMARKS.md session 18).
     */
    public static byte[] store(byte[] stored, byte[] sealed) {
        return store(stored, sealed, sealed.length);
    }

    /** As {@link #store(byte[], byte[])} for the block in the first {@code length} bytes of {@code source}. */
    public static byte[] store(byte[] stored, byte[] source, int length) {
        byte[] target = stored != null && fits(stored.length, length) ? stored : arrayFor(length);
        System.arraycopy(source, 0, target, 0, length);
        return target;
    }

    /**
     * As {@link #store(byte[], byte[])} with more room, for a block whose length changes at nearly every write
     * (a small list's: one element pushed or popped): the stored array is kept while the block fits and fills at
     * least a third of it, and a new one is half longer than the block.
     */
    public static byte[] storeWithMoreRoom(byte[] stored, byte[] sealed) {
        int length = sealed.length;
        boolean fits = stored != null && length <= stored.length && stored.length <= 3L * length;
        byte[] target = fits ? stored : new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + length / 2L + 16)];
        System.arraycopy(sealed, 0, target, 0, length);
        return target;
    }

    /** A copy of the block in the first {@code length} bytes of {@code stored}; null when {@code stored} is. */
    public static byte[] copy(byte[] stored, int length) {
        return stored == null ? null : Arrays.copyOf(stored, length);
    }

    /**
     * Whether the block in the first {@code length} bytes of {@code stored} is still {@code read}, a
     * {@link #copy} taken earlier: every block is sealed with a new nonce, so equal bytes mean no write since.
     */
    public static boolean holds(byte[] stored, int length, byte[] read) {
        return stored != null && read != null && Arrays.equals(stored, 0, length, read, 0, read.length);
    }

    private static boolean fits(int capacity, int length) {
        return length <= capacity && capacity <= 2L * length + 16;
    }

    private static byte[] arrayFor(int length) {
        return new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + length / 4L + 8)];
    }
}
