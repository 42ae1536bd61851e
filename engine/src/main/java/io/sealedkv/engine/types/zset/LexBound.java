package io.sealedkv.engine.types.zset;

import java.util.Arrays;

/**
 * One end of a lexicographical range: {@code -} (below everything), {@code +} (above everything),
 * {@code [member} (inclusive) or {@code (member} (exclusive). Members compare as unsigned bytes, a
 * prefix before the longer string, as Redis compares them.
 */
public final class LexBound {
    private static final LexBound MIN = new LexBound(null, false, -1);
    private static final LexBound MAX = new LexBound(null, false, 1);

    private final byte[] value;
    private final boolean exclusive;
    private final int infinity;

    private LexBound(byte[] value, boolean exclusive, int infinity) {
        this.value = value;
        this.exclusive = exclusive;
        this.infinity = infinity;
    }

    /** The bound an argument names, or null when it is not a valid range item. */
    public static LexBound parse(byte[] arg) {
        if (arg.length == 0) {
            return null;
        }
        switch (arg[0]) {
            case '+':
                return arg.length == 1 ? MAX : null;
            case '-':
                return arg.length == 1 ? MIN : null;
            case '[':
            case '(':
                return new LexBound(Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', 0);
            default:
                return null;
        }
    }

    /** True when {@code member} is at or above this bound taken as a minimum. */
    public boolean admitsAsMin(byte[] member) {
        if (infinity != 0) {
            return infinity < 0;
        }
        int cmp = Arrays.compareUnsigned(member, value);
        return exclusive ? cmp > 0 : cmp >= 0;
    }

    /** True when {@code member} is at or below this bound taken as a maximum. */
    public boolean admitsAsMax(byte[] member) {
        if (infinity != 0) {
            return infinity > 0;
        }
        int cmp = Arrays.compareUnsigned(member, value);
        return exclusive ? cmp < 0 : cmp <= 0;
    }

    /** True when no member can be both at or above {@code min} and at or below {@code max}. */
    public static boolean emptyRange(LexBound min, LexBound max) {
        if (min.infinity > 0 || max.infinity < 0) {
            return true;
        }
        if (min.infinity < 0 || max.infinity > 0) {
            return false;
        }
        int cmp = Arrays.compareUnsigned(min.value, max.value);
        return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
    }

    /** Wipes the member bytes this bound copied from the request. */
    public void wipe() {
        if (value != null) {
            Arrays.fill(value, (byte) 0);
        }
    }
}
