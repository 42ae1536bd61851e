package io.sealedkv.engine.monitoring;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongBinaryOperator;

/**
 * One command's latency distribution as Redis 7 keeps it (an HDR histogram of nanoseconds from 1 ns
 * to 1 s with two significant digits): values under 256 ns are exact, above that each power of two is
 * split into 128 equal sub-buckets, so a value is known to within 1%. Percentiles and the LATENCY
 * HISTOGRAM buckets report a bucket's highest equivalent value, as Redis's HDR library does.
 * Lock-free: a record is one atomic increment, in one of {@value #STRIPES} copies of the counts chosen
 * by the recording thread, so that network threads recording the same fast command do not take the
 * same cache line from each other's core at every command (most calls fall in one slot); reads add
 * the copies up.
 */
final class LatencyHistogram {
    private static final long MAX_NANOS = 1_000_000_000L;
    private static final int SUB_BUCKETS = 256;
    private static final int HALF = SUB_BUCKETS / 2;
    private static final int MAX_BUCKET = bucketOf(MAX_NANOS);

    private static final int SLOTS = SUB_BUCKETS + MAX_BUCKET * HALF;
    private static final int STRIPES = 4;

    /** The copies of the counts, each made when a thread first records into it. */
    private final AtomicReferenceArray<AtomicLongArray> stripes = new AtomicReferenceArray<>(STRIPES);

    private static int bucketOf(long value) {
        return Math.max(0, 63 - Long.numberOfLeadingZeros(value) - 7);
    }

    private static int indexOf(long value) {
        int bucket = bucketOf(value);
        int sub = (int) (value >>> bucket);
        return bucket == 0 ? sub : SUB_BUCKETS + (bucket - 1) * HALF + (sub - HALF);
    }

    /** The highest value counted in the same slot as the values of slot {@code index}. */
    private static long highestOf(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int bucket = (index - SUB_BUCKETS) / HALF + 1;
        long sub = (index - SUB_BUCKETS) % HALF + HALF;
        return ((sub + 1) << bucket) - 1;
    }

    /** Records a command that took {@code micros} microseconds (clamped to 1 ns .. 1 s, as Redis). */
    void record(long micros) {
        long nanos = Math.max(1, Math.min(MAX_NANOS, micros * 1000));
        stripe().incrementAndGet(indexOf(nanos));
    }

    private AtomicLongArray stripe() {
        int index = (int) (Thread.currentThread().getId() & (STRIPES - 1));
        AtomicLongArray stripe = stripes.get(index);
        if (stripe == null) {
            stripes.compareAndSet(index, null, new AtomicLongArray(SLOTS));
            stripe = stripes.get(index);
        }
        return stripe;
    }

    /** How many calls slot {@code index} counts, over every copy. */
    private long count(int index) {
        long count = 0;
        for (int i = 0; i < STRIPES; i++) {
            AtomicLongArray stripe = stripes.get(i);
            if (stripe != null) {
                count += stripe.get(index);
            }
        }
        return count;
    }

    long total() {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            total += count(i);
        }
        return total;
    }

    /** The value (ns) at {@code percentile} (0..100): the highest equivalent of the slot reaching that rank. */
    long valueAtPercentile(double percentile) {
        long total = total();
        long rank = Math.max(1, (long) (Math.min(100, percentile) / 100 * total + 0.5));
        long seen = 0;
        for (int i = 0; i < SLOTS; i++) {
            seen += count(i);
            if (seen >= rank) {
                return highestOf(i);
            }
        }
        return 0;
    }

    /**
     * LATENCY HISTOGRAM's buckets: for 1024 ns and each power of two above, the bucket's highest value in
     * microseconds and how many calls took at most that long; only where the count grew, as Redis prints.
     */
    void forEachBucket(LongBinaryOperator microsAndCumulative) {
        long total = total();
        long previous = 0;
        for (long level = 1024; previous < total && level <= 2 * MAX_NANOS; level <<= 1) {
            int top = indexOf(level);
            long cumulative = 0;
            for (int i = 0; i <= top && i < SLOTS; i++) {
                cumulative += count(i);
            }
            if (cumulative > previous) {
                microsAndCumulative.applyAsLong(highestOf(top) / 1000, cumulative);
            }
            previous = cumulative;
        }
    }
}
