package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.Arrays;

/**
 * The held members of equal score that one new score of a ZADD member will be placed among, seen in a
 * look-ahead hold: their tokens and copies of their sealed members. {@link #order} then opens each without the
 * lock, compares it with the member and wipes it, keeping only the sign, which {@link #of} answers by token
 * under the run's hold (a token names one member of the set for good, whatever its element index then).
 */
final class Ties {
    /** The most ties opened ahead for one member; past it the hold opens what its search meets, as alone. */
    static final int MOST = 4;

    private final long[] tokens;
    private final byte[][] sealed;
    private final byte[] signs;

    private Ties(long[] tokens, byte[][] sealed) {
        this.tokens = tokens;
        this.sealed = sealed;
        this.signs = new byte[sealed.length];
    }

    /**
     * Under a hold: the members of {@code tree} whose score is {@code score}, or null when there are none or more
     * than {@link #MOST}. The member itself is among them when it holds that score already; it is then not placed
     * (so never compared with itself), and its sign against itself, 0, reads as unknown.
     */
    static Ties of(ZTree tree, double score) {
        int[] elements = new int[MOST];
        int count = tree.withScore(score, elements);
        if (count == 0 || count > MOST) {
            return null;
        }
        long[] tokens = new long[2 * count];
        byte[][] sealed = new byte[count][];
        for (int i = 0; i < count; i++) {
            tokens[2 * i] = tree.tokenHigh(elements[i]);
            tokens[2 * i + 1] = tree.tokenLow(elements[i]);
            sealed[i] = tree.sealed(elements[i]);
        }
        return new Ties(tokens, sealed);
    }

    /** After the hold: opens each tie, compares {@code member} with it and wipes it; drops the sealed copies. */
    void order(ElementCrypto crypto, byte[] member) {
        for (int i = 0; i < sealed.length; i++) {
            byte[] opened = crypto.open(sealed[i]);
            try {
                signs[i] = (byte) Integer.signum(Arrays.compareUnsigned(member, opened));
            } finally {
                Arrays.fill(opened, (byte) 0);
            }
            sealed[i] = null;
        }
    }

    /** The sign of the member against the tie of token ({@code high}, {@code low}), or 0 when not known. */
    int of(long high, long low) {
        for (int i = 0; i < signs.length; i++) {
            if (tokens[2 * i + 1] == low && tokens[2 * i] == high) {
                return signs[i];
            }
        }
        return 0;
    }
}
