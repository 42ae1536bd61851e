package io.sealedkv.engine.command;

/** Strict argument parsing with Redis's rules and error texts. */
public final class Args {
    private static final int MAX_LONG_CHARS = 20;

    private Args() {
    }

    /** A signed 64-bit decimal: no sign but '-', no leading zeros or blanks, else "not an integer". */
    public static long parseLong(byte[] arg) {
        Long value = tryParseLong(arg);
        if (value == null) {
            throw Errors.notInteger();
        }
        return value;
    }

    /** As {@link #parseLong} but null instead of an error. */
    public static Long tryParseLong(byte[] arg) {
        int n = arg.length;
        if (n == 0 || n > MAX_LONG_CHARS) {
            return null;
        }
        if (n == 1 && arg[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = arg[0] == '-';
        if (negative && ++i == n) {
            return null;
        }
        if (arg[i] < '1' || arg[i] > '9') {
            return null;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyLimit = limit / 10;
        long value = 0;
        for (; i < n; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9 || value < multiplyLimit) {
                return null;
            }
            value *= 10;
            if (value < limit + d) {
                return null;
            }
            value -= d;
        }
        return negative ? value : -value;
    }

    /** A non-negative int, else the given error. */
    public static int parseNonNegativeInt(byte[] arg, CommandException error) {
        long value = parseNonNegativeLong(arg, error);
        if (value > Integer.MAX_VALUE) {
            throw error;
        }
        return (int) value;
    }

    /** A non-negative long, else the given error (for a number out of range or not a number alike). */
    public static long parseNonNegativeLong(byte[] arg, CommandException error) {
        Long value = tryParseLong(arg);
        if (value == null || value < 0) {
            throw error;
        }
        return value;
    }
}
