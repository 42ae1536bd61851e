package io.sealedkv.engine.config;

/**
 * The {@code save} parameter as Redis 7.0 checks it: the value split at every single blank into
 * "seconds changes" pairs, each number read like C's strtoll (leading whitespace, a sign, saturating
 * at the long range), seconds at least 1 and changes at least 0; the empty value means no snapshots.
 * The value kept is the pairs printed back, changes cut to a C int as Redis stores them.
 */
final class SaveParameters {
    private static final String INVALID = "Invalid save parameters";

    private SaveParameters() {
    }

    static String parse(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String[] parts = text.split(" ", -1);
        if (parts.length % 2 != 0) {
            throw new ConfigException(INVALID);
        }
        StringBuilder normalised = new StringBuilder();
        for (int i = 0; i < parts.length; i += 2) {
            long seconds = strtoll(parts[i]);
            long changes = strtoll(parts[i + 1]);
            if (seconds < 1 || changes < 0) {
                throw new ConfigException(INVALID);
            }
            if (i > 0) {
                normalised.append(' ');
            }
            normalised.append(seconds).append(' ').append((int) changes);
        }
        return normalised.toString();
    }

    /** The whole token as strtoll reads it; an empty token is 0, anything left unread is an error. */
    private static long strtoll(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        int i = 0;
        while (i < token.length() && isCSpace(token.charAt(i))) {
            i++;
        }
        boolean negative = i < token.length() && token.charAt(i) == '-';
        if (i < token.length() && (token.charAt(i) == '-' || token.charAt(i) == '+')) {
            i++;
        }
        if (i == token.length()) {
            throw new ConfigException(INVALID);
        }
        long value = 0;
        boolean saturated = false;
        for (; i < token.length(); i++) {
            int digit = token.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new ConfigException(INVALID);
            }
            saturated |= value > (Long.MAX_VALUE - digit) / 10;
            value = saturated ? Long.MAX_VALUE : value * 10 + digit;
        }
        if (negative) {
            return saturated ? Long.MIN_VALUE : -value;
        }
        return value;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
