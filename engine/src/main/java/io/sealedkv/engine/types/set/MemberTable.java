package io.sealedkv.engine.types.set;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The members of a large set: each member's 16-byte element token (two longs) beside its sealed
 * bytes, in dense primitive arrays indexed 0..size-1, found through hash chains over a power-of-two
 * bucket array (bucket = low bits of the token, which is a keyed hash and so uniform). No object per
 * member but its sealed array: about 16 (token) + 4 (reference) + 4 (chain link) + 4 (bucket) bytes
 * of table per member.
 *
 * <p>Removal moves the last member into the freed index, so the indexes stay dense and a uniformly
 * random member is one random index (SPOP, SRANDMEMBER). Buckets are rehashed at once on growth and
 * shrinkage, and {@link #scan} walks them with a reverse-binary cursor, so a member present for a
 * whole scan is returned at least once even when the table is resized between calls.
 */
final class MemberTable {
    private static final int MIN_BUCKETS = 16;

    private long[] tokens;
    private byte[][] sealed;
    private int[] next;
    private int[] buckets;
    private int size;

    MemberTable(int expected) {
        int capacity = Math.max(expected, 4);
        tokens = new long[2 * capacity];
        sealed = new byte[capacity][];
        next = new int[capacity];
        buckets = newBuckets(bucketCountFor(capacity));
    }

    int size() {
        return size;
    }

    long high(int index) {
        return tokens[2 * index];
    }

    long low(int index) {
        return tokens[2 * index + 1];
    }

    byte[] sealedAt(int index) {
        return sealed[index];
    }

    /** The index of the member with this token, or -1. */
    int find(long high, long low) {
        for (int i = buckets[(int) low & (buckets.length - 1)]; i >= 0; i = next[i]) {
            if (tokens[2 * i + 1] == low && tokens[2 * i] == high) {
                return i;
            }
        }
        return -1;
    }

    /** Adds a member known to be absent. */
    void add(long high, long low, byte[] member) {
        if (size == sealed.length) {
            grow();
        }
        int index = size++;
        tokens[2 * index] = high;
        tokens[2 * index + 1] = low;
        sealed[index] = member;
        int bucket = (int) low & (buckets.length - 1);
        next[index] = buckets[bucket];
        buckets[bucket] = index;
        if (size > buckets.length) {
            rehash(buckets.length * 2);
        }
    }

    /** Removes the member at {@code index}; the last member takes its index. */
    void removeAt(int index) {
        unlink(index);
        int last = --size;
        if (index != last) {
            int lastBucket = (int) tokens[2 * last + 1] & (buckets.length - 1);
            relink(lastBucket, last, index);
            tokens[2 * index] = tokens[2 * last];
            tokens[2 * index + 1] = tokens[2 * last + 1];
            sealed[index] = sealed[last];
            next[index] = next[last];
        }
        sealed[last] = null;
        if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
            shrink();
        }
    }

    /** Visits the sealed members of the bucket {@code cursor} names; returns the next cursor, 0 at the end. */
    long scan(long cursor, Consumer<byte[]> action) {
        long mask = buckets.length - 1;
        for (int i = buckets[(int) (cursor & mask)]; i >= 0; i = next[i]) {
            action.accept(sealed[i]);
        }
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Bytes of heap held by the table's arrays (not the sealed members). */
    long tableBytes() {
        return 16L + 8L * tokens.length + 16L + 4L * sealed.length + 16L + 4L * next.length + 16L + 4L * buckets.length;
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
        int capacity = sealed.length + (sealed.length >> 1) + 1;
        tokens = Arrays.copyOf(tokens, 2 * capacity);
        sealed = Arrays.copyOf(sealed, capacity);
        next = Arrays.copyOf(next, capacity);
    }

    private void shrink() {
        int capacity = Math.max(size + (size >> 1), 4);
        tokens = Arrays.copyOf(tokens, 2 * capacity);
        sealed = Arrays.copyOf(sealed, capacity);
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

    private static int bucketCountFor(int members) {
        return Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(members - 1, 1)) << 1);
    }

    private static int[] newBuckets(int count) {
        int[] fresh = new int[count];
        Arrays.fill(fresh, -1);
        return fresh;
    }
}
