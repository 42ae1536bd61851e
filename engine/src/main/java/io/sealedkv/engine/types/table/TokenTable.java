package io.sealedkv.engine.types.table;

import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.keyspace.ScanCursor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Elements found by their 16-byte element token: a large set's members, a hashtable hash's fields, a
 * skiplist sorted set's members.
 * Each element's token (two longs) and its sealed bytes sit at a dense index 0..size-1, the tokens in
 * one primitive array, the sealed bytes in a {@link SealedStore} (packed pages, arrays or slab cells); hash
 * chains over a power-of-two bucket array (bucket = low bits of the token, a keyed hash and so uniform)
 * link the indexes. No object per element: about 16 (token) + 4 (chain link) + 4 (bucket) bytes of table
 * per element, and packed, the sealed length plus one byte (in a slab cell: plus 2 bytes, a 4-byte
 * address and rounding to 8).
 *
 * <p>Removal moves the last element into the freed index, so the indexes stay dense and a uniformly
 * random element is one random index. Buckets are rehashed at once on growth and shrinkage, and
 * {@link #scan} walks them with a reverse-binary cursor, so an element present for a whole scan is
 * returned at least once even when the table is resized between calls. Not thread-safe: used under the
 * keyspace lock, except {@link #touch}, which only reads.
 */
public final class TokenTable {
    /** How far {@link #touch} follows a chain; chains are about one element long on average. */
    private static final int TOUCH_HOPS = 8;
    private final int minBuckets;
    private long[] tokens;
    private int[] next;
    private int[] buckets;
    /** Replaced once, by slab cells, when a table of arrays holds more than a slab page. */
    private SealedStore sealed;
    private int size;

    /**
     * A table sized for {@code expected} elements that never has fewer than {@code minBuckets} buckets,
     * its sealed elements packed in pages.
     */
    public static TokenTable packed(int expected, int minBuckets) {
        return new TokenTable(expected, minBuckets, new SealedPages());
    }

    /**
     * As {@link #packed}, for elements replaced by values whose length changes: each sealed element in an
     * array of its own ({@link SealedArrays}) while the table holds less than a slab page, then in a cell of
     * slab pages, rewritten in place ({@link SealedSlabs}). A small table's own pages cost more than its
     * arrays (a page doubles and keeps free cells of other sizes: 3000 hashes of 10 fields of 70-1500 bytes
     * under HSETs, 57 MB against 28); a large one's arrays, replaced at random, fill the old generation
     * with garbage (BENCHMARKS.md, session 16).
     */
    public static TokenTable rewritable(int expected, int minBuckets) {
        return new TokenTable(expected, minBuckets, new SealedArrays(expected));
    }

    private TokenTable(int expected, int minBuckets, SealedStore sealed) {
        this.sealed = sealed;
        if (Integer.bitCount(minBuckets) != 1) {
            throw new IllegalArgumentException("bucket count must be a power of two: " + minBuckets);
        }
        this.minBuckets = minBuckets;
        int capacity = Math.max(expected, 4);
        tokens = new long[2 * capacity];
        next = new int[capacity];
        buckets = newBuckets(bucketCountFor(capacity));
    }

    public int size() {
        return size;
    }

    public long high(int index) {
        return tokens[2 * index];
    }

    public long low(int index) {
        return tokens[2 * index + 1];
    }

    /** The sealed bytes at {@code index}: a fresh copy, never changed by later writes. */
    public byte[] sealedAt(int index) {
        return sealed.get(index);
    }

    /** The sealed bytes at {@code index} as stored ({@link SealedStore#stored}): read under the lock, kept nowhere. */
    public byte[] storedAt(int index) {
        return sealed.stored(index);
    }

    /** The index of the element with this token, or -1. */
    public int find(long high, long low) {
        for (int i = buckets[(int) low & (buckets.length - 1)]; i >= 0; i = next[i]) {
            if (tokens[2 * i + 1] == low && tokens[2 * i] == high) {
                return i;
            }
        }
        return -1;
    }

    /** {@link #touch(long[], long[], int)} for the 16-byte tokens {@code tokens} (see {@link ElementToken}). */
    public int touch(List<byte[]> tokens) {
        long[] highs = new long[tokens.size()];
        long[] lows = new long[tokens.size()];
        for (int k = 0; k < highs.length; k++) {
            highs[k] = ElementToken.high(tokens.get(k));
            lows[k] = ElementToken.low(tokens.get(k));
        }
        return touch(highs, lows, highs.length);
    }

    /** {@link #touch(long[], long[], int)} for the tokens of {@code tokens}. */
    public int touch(TokenList tokens) {
        return touch(tokens.highs(), tokens.lows(), tokens.size());
    }

    /**
     * Brings into this core's cache, without the lock, what lookups of the tokens {@code (highs[k], lows[k])},
     * {@code k < count}, will read under it: bucket slots, chain links and tokens, and the elements' sealed
     * bytes. One step of every chain at a time, so the cache misses of different tokens overlap instead of
     * following one another. Racy and read-only: each array is read once into a local and every index is
     * checked against it, so a table resized or changed meanwhile can neither break it nor loop it (at most
     * {@value #TOUCH_HOPS} links a chain), and it decides nothing. Returns a number made from what it read,
     * for the caller to keep so that the reads are not optimised away.
     */
    public int touch(long[] highs, long[] lows, int count) {
        int[] at = touchChains(highs, lows, count);
        SealedStore store = sealed;
        int read = 0;
        for (int k = 0; k < count; k++) {
            read += at[k] < 0 ? 0 : store.touch(at[k]);
        }
        return read;
    }

    /**
     * As {@link #touch(TokenList)} without the elements' sealed bytes, for a caller that only asks whether the
     * tokens are there (SADD adds an absent member at the end and never reads a present one's bytes), and tells:
     * {@code seen[k]} when the {@code k}-th token was found. Racy, so a guess that decides nothing under the lock.
     */
    public void touchTokens(TokenList tokens, boolean[] seen) {
        long[] highs = tokens.highs();
        long[] lows = tokens.lows();
        int[] at = touchChains(highs, lows, tokens.size());
        long[] tokenPairs = this.tokens;
        for (int k = 0; k < at.length; k++) {
            int i = at[k];
            seen[k] = i >= 0 && 2 * i + 1 < tokenPairs.length && tokenPairs[2 * i + 1] == lows[k]
                    && tokenPairs[2 * i] == highs[k];
        }
    }

    /** The chain walks of {@link #touch(long[], long[], int)}: where each stopped (the token's index if found), or -1. */
    private int[] touchChains(long[] highs, long[] lows, int count) {
        int[] chainStarts = buckets;
        int[] links = next;
        long[] tokenPairs = tokens;
        int[] at = new int[count];
        for (int k = 0; k < count; k++) {
            at[k] = chainStarts[(int) lows[k] & (chainStarts.length - 1)];
        }
        for (int hop = 0; hop < TOUCH_HOPS; hop++) {
            boolean more = false;
            for (int k = 0; k < count; k++) {
                int i = at[k];
                if (i < 0 || i >= links.length || 2 * i + 1 >= tokenPairs.length) {
                    at[k] = -1;
                } else if (tokenPairs[2 * i + 1] != lows[k] || tokenPairs[2 * i] != highs[k]) {
                    at[k] = links[i];
                    more = true;
                }
            }
            if (!more) {
                break;
            }
        }
        return at;
    }

    /** Adds an element known to be absent, at index {@code size() - 1} once added. */
    public void add(long high, long low, byte[] sealedElement) {
        if (size == next.length) {
            grow();
        }
        int index = size++;
        tokens[2 * index] = high;
        tokens[2 * index + 1] = low;
        sealed.add(sealedElement);
        moveToSlabsWhenLarge();
        int bucket = (int) low & (buckets.length - 1);
        next[index] = buckets[bucket];
        buckets[bucket] = index;
        if (size > buckets.length) {
            rehash(buckets.length * 2);
        }
    }

    /** Replaces the sealed bytes at {@code index}, its token unchanged. */
    public void replaceAt(int index, byte[] sealedElement) {
        sealed.set(index, sealedElement);
        moveToSlabsWhenLarge();
    }

    /** Removes the element at {@code index}; the last element takes its index. */
    public void removeAt(int index) {
        unlink(index);
        int last = --size;
        if (index != last) {
            int lastBucket = (int) tokens[2 * last + 1] & (buckets.length - 1);
            relink(lastBucket, last, index);
            tokens[2 * index] = tokens[2 * last];
            tokens[2 * index + 1] = tokens[2 * last + 1];
            next[index] = next[last];
        }
        sealed.removeAt(index);
        if (buckets.length > minBuckets && size < buckets.length / 8) {
            shrink();
        }
    }

    /** Visits the sealed elements of the bucket {@code cursor} names; returns the next cursor, 0 at the end. */
    public long scan(long cursor, Consumer<byte[]> action) {
        long mask = buckets.length - 1;
        for (int i = buckets[(int) (cursor & mask)]; i >= 0; i = next[i]) {
            action.accept(sealed.get(i));
        }
        return ScanCursor.next(cursor, buckets.length);
    }

    /** As {@link #scan}, visiting the indexes of the bucket's elements. */
    public long scanIndexes(long cursor, IntConsumer action) {
        long mask = buckets.length - 1;
        for (int i = buckets[(int) (cursor & mask)]; i >= 0; i = next[i]) {
            action.accept(i);
        }
        return ScanCursor.next(cursor, buckets.length);
    }

    /** Visits every sealed element in index order. */
    public void forEachSealed(Consumer<byte[]> action) {
        sealed.forEach(action);
    }

    /** As {@link #forEachSealed}, the bytes as stored: read them under the lock, keep none. */
    public void forEachStored(Consumer<byte[]> action) {
        sealed.forEachStored(action);
    }

    /** Whether the sealed elements are in slab cells (see {@link #rewritable}). */
    boolean inSlabs() {
        return sealed instanceof SealedSlabs;
    }

    private void moveToSlabsWhenLarge() {
        if (sealed instanceof SealedArrays arrays && arrays.heapBytes() > SealedSlabs.PAGE) {
            sealed = SealedSlabs.of(arrays);
        }
    }

    /** The number of buckets (a power of two). */
    public int bucketCount() {
        return buckets.length;
    }

    /** Heap bytes held by the table: its arrays and the sealed elements. */
    public long heapBytes() {
        return 16L + 8L * tokens.length + 16L + 4L * next.length + 16L + 4L * buckets.length + sealed.heapBytes();
    }

    private void unlink(int index) {
        int bucket = (int) tokens[2 * index + 1] & (buckets.length - 1);
        relink(bucket, index, next[index]);
    }

    /** Makes whatever pointed at {@code from} in {@code bucket}'s chain point at {@code to}. */
    private void relink(int bucket, int from, int to) {
        if (buckets[bucket] == from) {
            buckets[bucket] = to;
            return;
        }
        int i = buckets[bucket];
        while (next[i] != from) {
            i = next[i];
        }
        next[i] = to;
    }

    private void grow() {
        int capacity = next.length + (next.length >> 1) + 1;
        tokens = Arrays.copyOf(tokens, 2 * capacity);
        next = Arrays.copyOf(next, capacity);
    }

    private void shrink() {
        int capacity = Math.max(size + (size >> 1), 4);
        tokens = Arrays.copyOf(tokens, 2 * capacity);
        next = Arrays.copyOf(next, capacity);
        rehash(bucketCountFor(Math.max(size, 1)));
    }

    private void rehash(int bucketCount) {
        buckets = newBuckets(bucketCount);
        int mask = bucketCount - 1;
        for (int i = 0; i < size; i++) {
            int bucket = (int) tokens[2 * i + 1] & mask;
            next[i] = buckets[bucket];
            buckets[bucket] = i;
        }
    }

    private int bucketCountFor(int elements) {
        return Math.max(minBuckets, Integer.highestOneBit(Math.max(elements - 1, 1)) << 1);
    }

    private static int[] newBuckets(int count) {
        int[] fresh = new int[count];
        Arrays.fill(fresh, -1);
        return fresh;
    }
}
