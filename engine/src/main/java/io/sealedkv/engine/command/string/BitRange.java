package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;

/**
 * The optional {@code start end [BYTE|BIT]} range of BITCOUNT and BITPOS. Negative indexes count
 * from the end of the string; indexes are clamped into it.
 *
 * @param endGiven whether the client named the end (BITPOS treats the bits after an implicit end as 0)
 * @param inBits   whether start and end are bit positions rather than byte positions
 */
record BitRange(long start, long end, boolean endGiven, boolean inBits) {

    static BitRange whole() {
        return new BitRange(0, -1, false, false);
    }

    /** BITCOUNT's range: start and end are parsed before the unit. */
    static BitRange forCount(CommandContext c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        return new BitRange(start, end, true, c.argc() == 5 && inBits(c, 4));
    }

    /** BITPOS's range: the unit is checked before the end is parsed, and the end may be absent. */
    static BitRange forPos(CommandContext c) {
        long start = c.argLong(3);
        boolean inBits = c.argc() == 6 && inBits(c, 5);
        boolean endGiven = c.argc() >= 5;
        return new BitRange(start, endGiven ? c.argLong(4) : -1, endGiven, inBits);
    }

    private static boolean inBits(CommandContext c, int index) {
        if (c.argIs(index, "bit")) {
            return true;
        }
        if (c.argIs(index, "byte")) {
            return false;
        }
        throw Errors.syntax();
    }

    /** The first and last bit the range covers in a string of {@code length} bytes, or null when none. */
    long[] bits(int length) {
        long total = inBits ? (long) length << 3 : length;
        long from = Math.max(start < 0 ? total + start : start, 0);
        long to = Math.min(Math.max(end < 0 ? total + end : end, 0), total - 1);
        if (from > to) {
            return null;
        }
        return inBits ? new long[] {from, to} : new long[] {from << 3, (to << 3) + 7};
    }
}
