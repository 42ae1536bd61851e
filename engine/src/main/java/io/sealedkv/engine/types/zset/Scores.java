package io.sealedkv.engine.types.zset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Scores as Redis 7.0 reads and prints them. Reading follows C's {@code strtod} (decimal, hexadecimal
 * with an optional {@code p} exponent, INF, INFINITY and NAN in any case); printing is {@code %.17g},
 * with {@code inf} and {@code -inf} spelled out.
 */
public final class Scores {
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final double EXACT_INTEGERS = 1e17;
    /** {@code LLONG_MAX / 2} as a double (2^62): the largest integral score a listpack stores as an integer. */
    private static final double LISTPACK_INTEGERS = (double) (Long.MAX_VALUE / 2);
    private static final int EXPONENT_CLAMP = 100_000;

    private Scores() {
    }

    /** A number read the way {@code strtod} reads it: its value, where it stopped, and its range error. */
    record Parsed(double value, int end, boolean rangeError) {
    }

    /**
     * A score argument as ZADD, ZINCRBY and WEIGHTS read it: the whole argument must be a number, no
     * leading blank, no NaN, and no overflow (or underflow to zero) of the double range; null otherwise.
     */
    public static Double parseStrict(byte[] text) {
        if (text.length == 0 || isSpace(text[0])) {
            return null;
        }
        Parsed parsed = strtod(text, 0);
        if (parsed.end != text.length || Double.isNaN(parsed.value)
                || (parsed.rangeError && (Double.isInfinite(parsed.value) || parsed.value == 0))) {
            return null;
        }
        return parsed.value;
    }

    /**
     * A score range bound as ZRANGEBYSCORE reads it: strtod from {@code offset}, where nothing may follow
     * but the end of the argument (or a NUL byte, where C stops reading); leading blanks and an empty
     * bound (0) are accepted; null when it is not a number or NaN.
     */
    public static Double parseBound(byte[] text, int offset) {
        Parsed parsed = strtod(text, offset);
        if ((parsed.end != text.length && text[parsed.end] != 0) || Double.isNaN(parsed.value)) {
            return null;
        }
        return parsed.value;
    }

    /** C's {@code printf("%.17g")} of a score, {@code inf} and {@code -inf} for the infinities. */
    public static String format(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (Math.abs(d) < EXACT_INTEGERS && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal stripped = rounded.stripTrailingZeros();
        if (exponent >= -4 && exponent < 17) {
            return stripped.toPlainString();
        }
        String digits = stripped.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder(24);
        if (stripped.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append(exponent < 0 ? "e-" : "e+");
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    /**
     * The text of a score as a listpack holds it, which ZSCAN of a listpack set shows: Redis stores an integral
     * score of at most {@code LLONG_MAX / 2} in magnitude as an integer (its double2ll), so its digits, where
     * {@link #format} would write 1e+17; any other score as {@link #format} writes it.
     */
    public static String listpackText(double score) {
        if (score >= -LISTPACK_INTEGERS && score <= LISTPACK_INTEGERS && score == Math.rint(score)) {
            return Long.toString((long) score);
        }
        return format(score);
    }

    /** The score a listpack holds: Redis stores it as text, where negative zero comes back as 0. */
    public static double listpackScore(double score) {
        return score == 0 ? 0.0 : score;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** C's strtod from {@code start}; when nothing can be read, the value 0 ending at {@code start}. */
    static Parsed strtod(byte[] s, int start) {
        int i = start;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        Parsed magnitude = word(s, i);
        if (magnitude == null) {
            magnitude = hasHexPrefix(s, i) ? hexadecimal(s, i + 2) : decimal(s, i);
        }
        if (magnitude == null) {
            return new Parsed(0, start, false);
        }
        double value = negative ? -magnitude.value : magnitude.value;
        return new Parsed(value, magnitude.end, magnitude.rangeError);
    }

    private static Parsed word(byte[] s, int i) {
        if (startsWithIgnoreCase(s, i, "infinity")) {
            return new Parsed(Double.POSITIVE_INFINITY, i + 8, false);
        }
        if (startsWithIgnoreCase(s, i, "inf")) {
            return new Parsed(Double.POSITIVE_INFINITY, i + 3, false);
        }
        if (startsWithIgnoreCase(s, i, "nan")) {
            int end = i + 3;
            if (end < s.length && s[end] == '(') {
                int j = end + 1;
                while (j < s.length && (isAlnum(s[j]) || s[j] == '_')) {
                    j++;
                }
                if (j < s.length && s[j] == ')') {
                    end = j + 1;
                }
            }
            return new Parsed(Double.NaN, end, false);
        }
        return null;
    }

    private static boolean hasHexPrefix(byte[] s, int i) {
        if (i + 2 >= s.length || s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X')) {
            return false;
        }
        return hexDigit(s[i + 2]) >= 0 || (s[i + 2] == '.' && i + 3 < s.length && hexDigit(s[i + 3]) >= 0);
    }

    private static Parsed decimal(byte[] s, int start) {
        int i = start;
        boolean nonZero = false;
        int digits = 0;
        while (i < s.length && s[i] >= '0' && s[i] <= '9') {
            nonZero |= s[i] != '0';
            digits++;
            i++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && s[i] >= '0' && s[i] <= '9') {
                nonZero |= s[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return null;
        }
        int mantissaEnd = i;
        int end = exponentEnd(s, i, 'e', 'E');
        String text = new String(s, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (end == mantissaEnd && text.endsWith(".")) {
            text = text + "0";
        }
        double value = Double.parseDouble(text.startsWith(".") ? "0" + text : text);
        boolean rangeError = Double.isInfinite(value) || (value == 0 && nonZero);
        return new Parsed(value, end, rangeError);
    }

    /** The end of an exponent marker with at least one digit after its optional sign, else {@code i}. */
    private static int exponentEnd(byte[] s, int i, char lower, char upper) {
        if (i >= s.length || (s[i] != lower && s[i] != upper)) {
            return i;
        }
        int j = i + 1;
        if (j < s.length && (s[j] == '+' || s[j] == '-')) {
            j++;
        }
        if (j >= s.length || s[j] < '0' || s[j] > '9') {
            return i;
        }
        while (j < s.length && s[j] >= '0' && s[j] <= '9') {
            j++;
        }
        return j;
    }

    private static Parsed hexadecimal(byte[] s, int start) {
        int i = start;
        BigInteger mantissa = BigInteger.ZERO;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < s.length; i++) {
            if (s[i] == '.' && !point) {
                point = true;
            } else if (hexDigit(s[i]) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(hexDigit(s[i])));
                if (point) {
                    fractionDigits++;
                }
            } else {
                break;
            }
        }
        int end = exponentEnd(s, i, 'p', 'P');
        long exponent = 0;
        if (end > i) {
            int j = i + 1;
            boolean negative = s[j] == '-';
            if (s[j] == '+' || s[j] == '-') {
                j++;
            }
            for (; j < end; j++) {
                exponent = Math.min(exponent * 10 + (s[j] - '0'), EXPONENT_CLAMP);
            }
            exponent = negative ? -exponent : exponent;
        }
        exponent -= 4L * fractionDigits;
        if (mantissa.signum() == 0) {
            return new Parsed(0, end, false);
        }
        long order = mantissa.bitLength() + exponent;
        if (order > 1100) {
            return new Parsed(Double.POSITIVE_INFINITY, end, true);
        }
        if (order < -1100) {
            return new Parsed(0, end, true);
        }
        BigDecimal exact = exponent >= 0 ? new BigDecimal(mantissa.shiftLeft((int) exponent))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow((int) -exponent)), (int) -exponent);
        double value = exact.doubleValue();
        return new Parsed(value, end, Double.isInfinite(value) || value == 0);
    }

    private static boolean startsWithIgnoreCase(byte[] s, int i, String word) {
        if (i + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int c = s[i + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static int hexDigit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }
}
