package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Text;
import java.util.Locale;

/**
 * What BITFIELD does when a SET value or an INCRBY result does not fit its field: wrap around
 * (two's complement for signed fields), saturate at the field's limit, or fail and leave it alone.
 */
enum BitfieldOverflow {
    WRAP, SAT, FAIL;

    static BitfieldOverflow parse(byte[] name) {
        for (BitfieldOverflow type : values()) {
            if (Text.is(name, type.name().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new CommandException("ERR Invalid OVERFLOW type specified");
    }

    /**
     * {@code value + increment} for a field of {@code width} bits, or what this policy makes of it when
     * it does not fit; null when it does not fit and the policy is FAIL. Unsigned values are held in a
     * long as their bit pattern (widths up to 63).
     */
    Long apply(long value, long increment, int width, boolean signed) {
        int overflow = signed ? signedOverflow(value, increment, width) : unsignedOverflow(value, increment, width);
        if (overflow == 0) {
            return value + increment;
        }
        return switch (this) {
            case WRAP -> signed ? wrapSigned(value + increment, width) : (value + increment) & ~(-1L << width);
            case SAT -> overflow > 0 ? max(width, signed) : signed ? -max(width, true) - 1 : 0;
            case FAIL -> null;
        };
    }

    private static long max(int width, boolean signed) {
        if (signed) {
            return width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        }
        return (1L << width) - 1;
    }

    /** 1 above the maximum, -1 below the minimum, 0 when it fits; increments may wrap as in two's complement. */
    private static int signedOverflow(long value, long increment, int width) {
        long max = max(width, true);
        long min = -max - 1;
        long maxIncrement = max - value;
        long minIncrement = min - value;
        if (value > max || (width != 64 && increment > maxIncrement)
                || (value >= 0 && increment > 0 && increment > maxIncrement)) {
            return 1;
        }
        if (value < min || (width != 64 && increment < minIncrement)
                || (value < 0 && increment < 0 && increment < minIncrement)) {
            return -1;
        }
        return 0;
    }

    private static int unsignedOverflow(long value, long increment, int width) {
        long max = max(width, false);
        if (Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > max - value)) {
            return 1;
        }
        if (increment < 0 && increment < -value) {
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long sum, int width) {
        if (width == 64) {
            return sum;
        }
        long mask = -1L << width;
        return (sum & (1L << (width - 1))) != 0 ? sum | mask : sum & ~mask;
    }
}
