package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many keys of one {@link KeyTable} each data key version protects, kept up to date on every add,
 * remove and value replacement, so INFO reads it in O(versions) instead of scanning the keyspace.
 *
 * <p>What is counted: a string under the version its envelope names (exact: it needs that version and
 * no other). A collection once, under its {@link CollectionIdentity#tokenVersion()}: the primary when it
 * was created or last rewrapped. Its elements are sealed under that version or a later one (a primary
 * only moves forward), so it counts under the oldest version it needs; elements added after a
 * rotation make it need newer versions as well, which are not counted. A version with a count of zero
 * in every database and older than every collection still needs nothing; {@code SEALEDKV REWRAP}
 * brings every key, collections whole, under the primary. Under the keyspace lock, like the table.
 */
final class KeyVersionCounts {
    /**
     * Versions counted in the array: keystores number them from 1, one per rotation. A larger one can only come
     * from a malformed value, and is counted aside rather than growing the array to its size (gigabytes).
     */
    private static final int DENSE_VERSIONS = 1 << 16;

    private long[] counts = new long[8];
    private final SortedMap<Integer, Long> beyondDense = new TreeMap<>();

    void add(Object value) {
        adjust(versionOf(value), 1);
    }

    /** Counts a value already known to be under {@code version} (-1: none, as for a malformed string). */
    void add(int version) {
        adjust(version, 1);
    }

    void remove(Object value) {
        adjust(versionOf(value), -1);
    }

    /** {@code entry}'s value, counted now, is about to be replaced by {@code after}. */
    void replaced(Entry entry, Object after) {
        int from = versionOf(entry);
        int to = versionOf(after);
        if (from != to) {
            adjust(from, -1);
            adjust(to, 1);
        }
    }

    /** Adds this table's non-zero counts to {@code into}. */
    void addTo(SortedMap<Integer, Long> into) {
        for (int version = 0; version < counts.length; version++) {
            if (counts[version] != 0) {
                into.merge(version, counts[version], Long::sum);
            }
        }
        beyondDense.forEach((version, count) -> into.merge(version, count, Long::sum));
    }

    /** The version {@code entry}'s value is counted under, read without copying a string out. */
    static int versionOf(Entry entry) {
        if (entry.stored() instanceof CollectionValue collection) {
            return collection.identity().tokenVersion();
        }
        try {
            return entry.stringKeyVersion();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The version a stored value is counted under (see the class comment); -1 for a malformed string. */
    static int versionOf(Object value) {
        if (value instanceof CollectionValue collection) {
            return collection.identity().tokenVersion();
        }
        try {
            return EnvelopeV1.keyVersion((byte[]) value);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The version of the string in {@code arena}'s cell at {@code address}; -1 for a malformed one. */
    static int versionOf(ValueArena arena, int address) {
        try {
            return arena.keyVersion(address);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void adjust(int version, long delta) {
        if (version < 0) {
            return;
        }
        if (version >= DENSE_VERSIONS) {
            beyondDense.merge(version, delta, (a, b) -> a + b == 0 ? null : a + b);
            return;
        }
        if (version >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(version + 1, counts.length * 2));
        }
        counts[version] += delta;
    }
}
