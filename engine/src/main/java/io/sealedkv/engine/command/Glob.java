package io.sealedkv.engine.command;

/**
 * Redis's glob-style matching on bytes (KEYS, SCAN MATCH, CONFIG GET): {@code *} any run, {@code ?} any
 * byte, {@code [abc]}, {@code [^a-z]} classes, {@code \} escapes the next byte.
 */
public final class Glob {
    private static final int MAX_NESTING = 1000;

    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean ignoreCase) {
        return match(pattern, 0, string, 0, ignoreCase, 0) == Result.MATCH;
    }

    private enum Result { MATCH, NO_MATCH, ABORT }

    private static Result match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > MAX_NESTING) {
            return Result.ABORT;
        }
        while (pi < p.length && si < s.length) {
            byte c = p[pi];
            if (c == '*') {
                while (pi + 1 < p.length && p[pi + 1] == '*') {
                    pi++;
                }
                if (pi + 1 == p.length) {
                    return Result.MATCH;
                }
                for (int start = si; start < s.length; start++) {
                    Result r = match(p, pi + 1, s, start, nocase, depth + 1);
                    if (r != Result.NO_MATCH) {
                        return r;
                    }
                }
                return Result.NO_MATCH;
            }
            if (c == '?') {
                pi++;
                si++;
                continue;
            }
            if (c == '[') {
                int end = classEnd(p, pi);
                if (!classMatches(p, pi + 1, end, s[si], nocase)) {
                    return Result.NO_MATCH;
                }
                pi = Math.min(end + 1, p.length);
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.length) {
                pi++;
                c = p[pi];
            }
            if (!same(c, s[si], nocase)) {
                return Result.NO_MATCH;
            }
            pi++;
            si++;
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length && si == s.length ? Result.MATCH : Result.NO_MATCH;
    }

    /** Index of the closing bracket of the class opened at {@code open}, or the pattern's end. */
    private static int classEnd(byte[] p, int open) {
        int i = open + 1;
        if (i < p.length && p[i] == '^') {
            i++;
        }
        while (i < p.length && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < p.length) {
                i++;
            }
            i++;
        }
        return i;
    }

    private static boolean classMatches(byte[] p, int from, int end, byte b, boolean nocase) {
        boolean negate = from < end && p[from] == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            if (p[i] == '\\' && i + 1 < end) {
                i++;
                found |= same(p[i], b, nocase);
                i++;
            } else if (i + 2 < end && p[i + 1] == '-') {
                found |= inRange(p[i], p[i + 2], b, nocase);
                i += 3;
            } else {
                found |= same(p[i], b, nocase);
                i++;
            }
        }
        return found != negate;
    }

    private static boolean inRange(byte from, byte to, byte b, boolean nocase) {
        int lo = Math.min(from & 0xff, to & 0xff);
        int hi = Math.max(from & 0xff, to & 0xff);
        int v = b & 0xff;
        if (nocase) {
            lo = lower(lo);
            hi = lower(hi);
            v = lower(v);
        }
        return v >= lo && v <= hi;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a & 0xff) == lower(b & 0xff));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
