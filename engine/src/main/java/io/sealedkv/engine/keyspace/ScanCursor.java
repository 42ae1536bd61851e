package io.sealedkv.engine.keyspace;

/**
 * The SCAN cursor step every power-of-two hash table here shares (the keys of a database, large sets,
 * hashes and sorted sets): bucket indexes are visited with their bits reversed, so a table that grows or
 * shrinks between calls still returns every element present for the whole scan.
 */
public final class ScanCursor {
    private ScanCursor() {
    }

    /** The cursor after {@code cursor} in a table of {@code buckets} buckets (a power of two); 0 when done. */
    public static long next(long cursor, int buckets) {
        long reversed = Long.reverse(cursor | ~(long) (buckets - 1));
        return Long.reverse(reversed + 1);
    }
}
