package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Errors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Floating-point text as Redis reads it for INCRBYFLOAT (C's strtold in the C locale, the whole
 * argument, no leading blank, at most 5119 bytes): an optional sign, then decimal digits with an
 * optional point and {@code e} exponent, or {@code 0x} hexadecimal digits with an optional point and
 * {@code p} binary exponent, or INF / INFINITY. NaN is refused. The value is exact; rounding it to a
 * long double is the caller's business, except that values far outside the long double range are
 * refused here, as strtold's range error makes Redis refuse them.
 */
public final class FloatText {
    private static final int MAX_LENGTH = 5119;
    /** Exponents are read up to this size: the longest mantissa cannot bring such a number back into range. */
    private static final int EXPONENT_CLAMP = 1_000_000;
    /** Decimal and binary orders of magnitude safely beyond the long double range (about 1e±4951). */
    private static final int MAX_DECIMAL_ORDER = 5_000;
    private static final int MAX_BINARY_ORDER = 16_600;

    private final byte[] text;
    private int pos;

    private FloatText(byte[] text) {
        this.text = text;
    }

    /** True when {@code text} is a signed INF or INFINITY, in any case. */
    public static boolean isInfinity(byte[] text) {
        int start = text.length > 0 && (text[0] == '+' || text[0] == '-') ? 1 : 0;
        String word = new String(text, start, text.length - start, StandardCharsets.ISO_8859_1);
        return word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    /** The exact value of a finite number; "not a valid float" for anything else. */
    public static BigDecimal parseFinite(byte[] text) {
        if (text.length == 0 || text.length > MAX_LENGTH) {
            throw Errors.notFloat();
        }
        FloatText parser = new FloatText(text);
        BigDecimal value = parser.number();
        if (parser.pos != text.length) {
            throw Errors.notFloat();
        }
        return value;
    }

    private BigDecimal number() {
        boolean negative = accept('-');
        if (!negative) {
            accept('+');
        }
        BigDecimal magnitude = startsHex() ? hexadecimal() : decimal();
        return negative ? magnitude.negate() : magnitude;
    }

    private boolean startsHex() {
        return pos + 2 < text.length && text[pos] == '0' && (text[pos + 1] == 'x' || text[pos + 1] == 'X')
                && (digit(text[pos + 2], 16) >= 0 || (text[pos + 2] == '.' && pos + 3 < text.length
                        && digit(text[pos + 3], 16) >= 0));
    }

    private BigDecimal decimal() {
        Mantissa m = mantissa(10);
        BigDecimal value = new BigDecimal(m.digits, m.fractionDigits - exponent('e', 'E'));
        if (value.signum() != 0 && Math.abs((long) value.precision() - value.scale()) > MAX_DECIMAL_ORDER) {
            throw Errors.notFloat();
        }
        return value;
    }

    private BigDecimal hexadecimal() {
        pos += 2;
        Mantissa m = mantissa(16);
        long binaryExponent = (long) exponent('p', 'P') - 4L * m.fractionDigits;
        if (m.digits.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (Math.abs(m.digits.bitLength() + binaryExponent) > MAX_BINARY_ORDER) {
            throw Errors.notFloat();
        }
        if (binaryExponent >= 0) {
            return new BigDecimal(m.digits.shiftLeft((int) binaryExponent));
        }
        int scale = (int) -binaryExponent;
        return new BigDecimal(m.digits.multiply(BigInteger.valueOf(5).pow(scale)), scale);
    }

    private record Mantissa(BigInteger digits, int fractionDigits) {
    }

    /** Digits with an optional point; at least one digit. */
    private Mantissa mantissa(int radix) {
        StringBuilder digits = new StringBuilder();
        int fractionDigits = -1;
        for (; pos < text.length; pos++) {
            if (text[pos] == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else if (digit(text[pos], radix) >= 0) {
                digits.append((char) text[pos]);
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else {
                break;
            }
        }
        if (digits.length() == 0) {
            throw Errors.notFloat();
        }
        return new Mantissa(new BigInteger(digits.toString(), radix), Math.max(fractionDigits, 0));
    }

    /** An optional exponent with at least one digit, else 0 (and the marker is left unread). */
    private int exponent(char lower, char upper) {
        if (pos >= text.length || (text[pos] != lower && text[pos] != upper)) {
            return 0;
        }
        int start = pos++;
        boolean negative = accept('-');
        if (!negative) {
            accept('+');
        }
        if (pos >= text.length || digit(text[pos], 10) < 0) {
            pos = start;
            return 0;
        }
        long value = 0;
        for (; pos < text.length && digit(text[pos], 10) >= 0; pos++) {
            value = Math.min(value * 10 + digit(text[pos], 10), EXPONENT_CLAMP);
        }
        return (int) (negative ? -value : value);
    }

    private boolean accept(char c) {
        if (pos < text.length && text[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** The value of an ASCII digit in {@code radix} (10 or 16), or -1. */
    private static int digit(byte b, int radix) {
        int value = b >= '0' && b <= '9' ? b - '0'
                : b >= 'a' && b <= 'f' ? b - 'a' + 10
                : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
        return value < radix ? value : -1;
    }
}
