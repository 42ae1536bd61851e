package io.sealedkv.engine.types.hash;

import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.types.table.TokenList;
import io.sealedkv.engine.types.table.TokenTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The fields of a hashtable-encoded hash: a {@link TokenTable} from the 16-byte element token of each
 * field to the sealed (field, value) pair, with no object per field but the sealed array.
 * Tokens are HMAC outputs, so their low bits choose buckets as they are. The bucket count is a power
 * of two, doubled when the fields outnumber the buckets and shrunk when under an eighth are used;
 * cursors of {@link #scan} count buckets in reverse binary order (as Redis's dictScan), so a field
 * present during a whole scan is returned at least once even across resizes. Not thread-safe: used
 * under the keyspace lock, except {@link #touch}, which only reads.
 */
public final class FieldTable {
    private static final int MIN_BUCKETS = 4;
    private static final int INITIAL_CAPACITY = 8;

    /** Rewritable, not packed: a pair rewritten with a value of another length would rebuild a packed page. */
    private final TokenTable table = TokenTable.rewritable(INITIAL_CAPACITY, MIN_BUCKETS);

    public int size() {
        return table.size();
    }

    /** The sealed pair of the field whose token is {@code token}, or null. */
    public byte[] get(byte[] token) {
        int index = table.find(ElementToken.high(token), ElementToken.low(token));
        return index < 0 ? null : table.sealedAt(index);
    }

    /**
     * Reads, without the lock, the table slots where the fields of {@code tokens} are (or would be) found,
     * so that the {@link #put}s or {@link #get}s made under the lock meet cache hits; racy and read-only
     * (see {@link TokenTable#touch}). Returns a number made from what it read, for the caller to keep.
     */
    public int touch(TokenList tokens) {
        return table.touch(tokens);
    }

    /** Whether the field whose token is {@code token} is present. */
    public boolean contains(byte[] token) {
        return table.find(ElementToken.high(token), ElementToken.low(token)) >= 0;
    }

    /** Stores {@code sealed} for {@code token}; true when the field is new. */
    public boolean put(byte[] token, byte[] sealed) {
        long high = ElementToken.high(token);
        long low = ElementToken.low(token);
        int index = table.find(high, low);
        if (index >= 0) {
            table.replaceAt(index, sealed);
            return false;
        }
        table.add(high, low, sealed);
        return true;
    }

    /** Removes the field whose token is {@code token}; true when it was there. */
    public boolean remove(byte[] token) {
        int index = table.find(ElementToken.high(token), ElementToken.low(token));
        if (index < 0) {
            return false;
        }
        table.removeAt(index);
        return true;
    }

    /**
     * Visits the sealed pairs of the bucket {@code cursor} names and returns the next cursor, 0 when the
     * whole table has been visited.
     */
    public long scan(long cursor, Consumer<byte[]> action) {
        return table.scan(cursor, action);
    }

    /** A sealed pair picked uniformly at random. */
    public byte[] random(RandomGenerator random) {
        return table.sealedAt(random.nextInt(table.size()));
    }

    /**
     * Adds {@code count} sealed pairs picked uniformly at random, repetitions allowed, to {@code picks}: a
     * pair picked again is the same copy, so HRANDFIELD with a large negative count copies each pair once.
     */
    public void random(long count, RandomGenerator random, List<byte[]> picks) {
        Map<Integer, byte[]> copies = new HashMap<>();
        for (long i = 0; i < count; i++) {
            picks.add(copies.computeIfAbsent(random.nextInt(table.size()), table::sealedAt));
        }
    }

    /**
     * Visits every field's token (a fresh array each time) and sealed pair as stored: for a visitor that
     * reads them under the lock and keeps neither (a later write may change the pair in place).
     */
    public void forEachStored(BiConsumer<byte[], byte[]> action) {
        for (int i = 0; i < table.size(); i++) {
            action.accept(ElementToken.of(table.high(i), table.low(i)), table.storedAt(i));
        }
    }

    /** Visits every sealed pair: copies, which the visitor may keep. */
    public void forEachSealed(Consumer<byte[]> action) {
        table.forEachSealed(action);
    }

    /** Visits every sealed pair as stored: read them under the lock, keep none. */
    public void forEachStored(Consumer<byte[]> action) {
        table.forEachStored(action);
    }

    /** The number of hash buckets (a power of two). */
    int bucketCount() {
        return table.bucketCount();
    }

    /** An estimate of the heap bytes of the table and its sealed pairs. */
    long memoryBytes() {
        return 16L + table.heapBytes();
    }
}
