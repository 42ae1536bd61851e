package io.sealedkv.engine.command;

/**
 * Redis's glob-style matching on bytes (KEYS, SCAN MATCH, CONFIG GET): {@code *} any run, {@code ?} any
 * byte, {@code [abc]}, {@code [^a-z]} classes, {@code \} escapes the next byte. Quirks kept as in Redis:
 * bytes compare as signed chars in ranges, a range end may be {@code ]}, an empty string matches only
 * the empty pattern, and an unclosed class runs to the pattern's end.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean ignoreCase) {
        return new Match(pattern, string, ignoreCase).run();
    }

    /**
     * One pattern against one string. Backtracks only to the last {@code *} seen, since an earlier star
     * taking more bytes can never let the rest match where the last star's retries failed: at most
     * pattern length times string length steps, never exponential.
     */
    static final class Match {
        private final byte[] p;
        private final byte[] s;
        private final boolean nocase;
        private long steps;

        Match(byte[] pattern, byte[] string, boolean nocase) {
            this.p = pattern;
            this.s = string;
            this.nocase = nocase;
        }

        boolean run() {
            if (s.length == 0) {
                return p.length == 0;
            }
            int pi = 0;
            int si = 0;
            int starPi = -1;
            int starSi = 0;
            while (si < s.length) {
                steps++;
                if (pi < p.length && p[pi] == '*') {
                    pi = skipStars(pi);
                    if (pi == p.length) {
                        return true;
                    }
                    starPi = pi;
                    starSi = si;
                    continue;
                }
                int next = pi < p.length ? step(pi, s[si]) : -1;
                if (next >= 0) {
                    pi = next;
                    si++;
                } else if (starPi >= 0) {
                    pi = starPi;
                    si = ++starSi;
                } else {
                    return false;
                }
            }
            return skipStars(pi) == p.length;
        }

        long steps() {
            return steps;
        }

        private int skipStars(int pi) {
            while (pi < p.length && p[pi] == '*') {
                pi++;
            }
            return pi;
        }

        /** Index after the token at {@code pi} if it matches {@code c}, else -1. */
        private int step(int pi, byte c) {
            byte t = p[pi];
            if (t == '?') {
                return pi + 1;
            }
            if (t == '[') {
                return classStep(pi + 1, c);
            }
            if (t == '\\' && pi + 1 < p.length) {
                pi++;
            }
            return same(p[pi], c) ? pi + 1 : -1;
        }

        private int classStep(int i, byte c) {
            boolean negate = i < p.length && p[i] == '^';
            if (negate) {
                i++;
            }
            boolean found = false;
            while (true) {
                if (i + 1 < p.length && p[i] == '\\') {
                    i++;
                    found |= p[i] == c;
                } else if (i < p.length && p[i] == ']') {
                    break;
                } else if (i >= p.length) {
                    i--;
                    break;
                } else if (i + 2 < p.length && p[i + 1] == '-') {
                    found |= inRange(p[i], p[i + 2], c);
                    i += 2;
                } else {
                    found |= same(p[i], c);
                }
                i++;
            }
            return found != negate ? i + 1 : -1;
        }

        /** Orders the ends before folding case, as Redis does: {@code [Z-a]} is empty ignoring case. */
        private boolean inRange(int from, int to, int c) {
            int lo = Math.min(from, to);
            int hi = Math.max(from, to);
            if (nocase) {
                lo = lower(lo);
                hi = lower(hi);
                c = lower(c);
            }
            return c >= lo && c <= hi;
        }

        private boolean same(byte a, byte b) {
            return a == b || (nocase && lower(a) == lower(b));
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
    }
}
