package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT arithmetic with Redis's exact results. Redis parses both numbers into x87 80-bit long
 * doubles (64-bit significand), adds them there, and prints the sum with 17 decimals, trailing zeros
 * removed. The same happens here with exact decimals: each number is rounded to the nearest value
 * with a 64-bit significand, so {@code 1000.2 + 0.1} prints {@code 1000.29999999999999999} as in Redis.
 */
public final class FloatIncrement {
    public static final FloatIncrement ZERO = new FloatIncrement(BigDecimal.ZERO);
    private static final int SIGNIFICAND_BITS = 64;
    private static final int MAX_EXPONENT = 16383;
    /** Subnormals: the smallest long double is 2^-16445, one unit at this shift. */
    private static final int MAX_SHIFT = 16445;

    private final BigDecimal value;

    private FloatIncrement(BigDecimal value) {
        this.value = value;
    }

    /** A number as Redis's string2ld reads it: a range error or NaN is not a float, infinity is refused. */
    public static FloatIncrement parse(byte[] text) {
        if (FloatText.isInfinity(text)) {
            throw nanOrInfinity();
        }
        BigDecimal exact = FloatText.parseFinite(text);
        BigDecimal rounded = toLongDouble(exact);
        if (rounded == null || (rounded.signum() == 0 && exact.signum() != 0)) {
            throw Errors.notFloat();
        }
        return new FloatIncrement(rounded);
    }

    /** True when {@code text} is a signed INF or INFINITY, which {@link #parse} refuses. */
    public static boolean isInfinity(byte[] text) {
        return FloatText.isInfinity(text);
    }

    public String add(FloatIncrement other) {
        BigDecimal sum = toLongDouble(value.add(other.value));
        if (sum == null) {
            throw nanOrInfinity();
        }
        BigDecimal printed = sum.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return printed.signum() == 0 ? "0" : printed.toPlainString();
    }

    /**
     * The nearest long double (ties to even): a 64-bit binary significand, fewer bits for subnormals
     * down to 2^-16445, zero below half of that; null beyond the long double range. Works on the exact
     * fraction N / D with integer shifts.
     */
    private static BigDecimal toLongDouble(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigInteger numerator = x.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (x.scale() < 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(-x.scale()));
        } else {
            denominator = BigInteger.TEN.pow(x.scale());
        }
        int exponent = numerator.bitLength() - denominator.bitLength();
        if (shifted(numerator, denominator, -exponent).compareTo(BigInteger.ZERO) < 0) {
            exponent--;
        }
        int shift = Math.min(SIGNIFICAND_BITS - 1 - exponent, MAX_SHIFT);
        BigInteger[] division = (shift >= 0 ? numerator.shiftLeft(shift) : numerator)
                .divideAndRemainder(shift >= 0 ? denominator : denominator.shiftLeft(-shift));
        BigInteger significand = roundHalfEven(division, shift >= 0 ? denominator : denominator.shiftLeft(-shift));
        if (significand.bitLength() > SIGNIFICAND_BITS) {
            significand = significand.shiftRight(1);
            shift--;
            exponent++;
        }
        if (exponent > MAX_EXPONENT) {
            return null;
        }
        BigDecimal magnitude = shift <= 0
                ? new BigDecimal(significand.shiftLeft(-shift))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(shift)), shift);
        return x.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /** Sign of N * 2^k - D: whether 2^-k <= N / D. */
    private static BigInteger shifted(BigInteger numerator, BigInteger denominator, int k) {
        return k >= 0 ? numerator.shiftLeft(k).subtract(denominator) : numerator.subtract(denominator.shiftLeft(-k));
    }

    private static BigInteger roundHalfEven(BigInteger[] division, BigInteger divisor) {
        int half = division[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && division[0].testBit(0))) {
            return division[0].add(BigInteger.ONE);
        }
        return division[0];
    }

    private static CommandException nanOrInfinity() {
        return new CommandException("ERR increment would produce NaN or Infinity");
    }
}
