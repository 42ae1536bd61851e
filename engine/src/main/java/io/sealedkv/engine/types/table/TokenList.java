package io.sealedkv.engine.types.table;

import io.sealedkv.engine.keyspace.ElementToken;
import java.util.Arrays;

/**
 * Element tokens gathered for one {@link TokenTable#touch}, as the table keeps them (two longs each):
 * reused from run to run, so a pipelined run warms its table slots without a list or an array per
 * request. Not thread-safe.
 */
public final class TokenList {
    private long[] highs = new long[16];
    private long[] lows = new long[16];
    private int size;

    public int size() {
        return size;
    }

    /** Empties the list, keeping its room. */
    public void clear() {
        size = 0;
    }

    /** Appends the 16-byte token {@code token} (see {@link ElementToken}). */
    public void add(byte[] token) {
        add(ElementToken.high(token), ElementToken.low(token));
    }

    /** Appends the token whose halves are {@code high} and {@code low}. */
    public void add(long high, long low) {
        if (size == highs.length) {
            highs = Arrays.copyOf(highs, 2 * size);
            lows = Arrays.copyOf(lows, 2 * size);
        }
        highs[size] = high;
        lows[size] = low;
        size++;
    }

    long[] highs() {
        return highs;
    }

    long[] lows() {
        return lows;
    }
}
