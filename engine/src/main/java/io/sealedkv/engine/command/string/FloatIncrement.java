package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * INCRBYFLOAT arithmetic with Redis's exact results. Redis parses both numbers into x87 80-bit long
 * doubles (64-bit significand), adds them there, and prints the sum with 17 decimals, trailing zeros
 * removed. The same happens here with exact decimals: each number is rounded to the nearest value
 * with a 64-bit significand, so {@code 1000.2 + 0.1} prints {@code 1000.29999999999999999} as in Redis.
 */
final class FloatIncrement {
    static final FloatIncrement ZERO = new FloatIncrement(BigDecimal.ZERO);
    private static final int SIGNIFICAND_BITS = 64;
    private static final int MAX_EXPONENT = 16383;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final BigDecimal value;

    private FloatIncrement(BigDecimal value) {
        this.value = value;
    }

    static FloatIncrement parse(byte[] text) {
        double approximate = Args.parseDouble(text);
        if (Double.isInfinite(approximate) && Text.of(text).toLowerCase(Locale.ROOT).contains("inf")) {
            throw nanOrInfinity();
        }
        try {
            return new FloatIncrement(toLongDouble(new BigDecimal(Text.of(text))));
        } catch (NumberFormatException e) {
            throw Errors.notFloat();
        }
    }

    String add(FloatIncrement other) {
        BigDecimal sum = toLongDouble(value.add(other.value));
        BigDecimal printed = sum.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return printed.signum() == 0 ? "0" : printed.toPlainString();
    }

    /** The nearest value with a 64-bit binary significand; beyond the long double range, an error. */
    private static BigDecimal toLongDouble(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int exponent = binaryExponent(x.abs());
        if (exponent > MAX_EXPONENT) {
            throw nanOrInfinity();
        }
        int shift = SIGNIFICAND_BITS - 1 - exponent;
        BigDecimal scaled = shift >= 0 ? x.multiply(pow2(shift)) : x.divide(pow2(-shift));
        BigInteger significand = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal rounded = new BigDecimal(significand);
        BigDecimal result = shift >= 0 ? rounded.divide(pow2(shift)) : rounded.multiply(pow2(-shift));
        if (binaryExponent(result.abs()) > MAX_EXPONENT) {
            throw nanOrInfinity();
        }
        return result;
    }

    /** e such that 2^e <= x < 2^(e+1), for x > 0. */
    private static int binaryExponent(BigDecimal x) {
        int estimate = (int) Math.floor((x.precision() - x.scale() - 1) * 3.321928094887362);
        while (x.compareTo(power(estimate)) < 0) {
            estimate--;
        }
        while (x.compareTo(power(estimate + 1)) >= 0) {
            estimate++;
        }
        return estimate;
    }

    private static BigDecimal power(int exponent) {
        return exponent >= 0 ? pow2(exponent) : BigDecimal.ONE.divide(pow2(-exponent));
    }

    private static BigDecimal pow2(int n) {
        return TWO.pow(n);
    }

    private static CommandException nanOrInfinity() {
        return new CommandException("ERR increment would produce NaN or Infinity");
    }
}
