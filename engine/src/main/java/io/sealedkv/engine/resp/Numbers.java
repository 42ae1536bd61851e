package io.sealedkv.engine.resp;

import io.netty.buffer.ByteBuf;

/** Strict decimal parsing of protocol length lines, without allocating. */
final class Numbers {
    static final long INVALID = Long.MIN_VALUE;
    private static final int MAX_DIGITS = 19;

    private Numbers() {
    }

    /** Parses {@code [start, end)} as a signed decimal without leading zeros, or returns {@link #INVALID}. */
    static long parseLong(ByteBuf in, int start, int end) {
        int i = start;
        boolean negative = i < end && in.getByte(i) == '-';
        if (negative) {
            i++;
        }
        int digits = end - i;
        if (digits <= 0 || digits > MAX_DIGITS || (in.getByte(i) == '0' && digits > 1)) {
            return INVALID;
        }
        long value = 0;
        for (; i < end; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            value = value * 10 + d;
            if (value < 0) {
                return INVALID;
            }
        }
        return negative ? -value : value;
    }

    static boolean equalsIgnoreCase(byte[] bytes, String ascii) {
        if (bytes.length != ascii.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (Character.toLowerCase((char) bytes[i]) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
