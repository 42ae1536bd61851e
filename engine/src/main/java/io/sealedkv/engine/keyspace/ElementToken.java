package io.sealedkv.engine.keyspace;

/**
 * A 16-byte element token (see {@link ElementCrypto#token}) as the tables keep it: two longs, big-endian,
 * the high half first. The low half's bits choose buckets.
 */
public final class ElementToken {
    public static final int BYTES = 16;

    private ElementToken() {
    }

    public static long high(byte[] token) {
        return longAt(token, 0);
    }

    public static long low(byte[] token) {
        return longAt(token, 8);
    }

    /** The token whose halves are {@code high} and {@code low}. */
    public static byte[] of(long high, long low) {
        byte[] token = new byte[BYTES];
        for (int i = 0; i < 8; i++) {
            token[i] = (byte) (high >>> (56 - 8 * i));
            token[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return token;
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
