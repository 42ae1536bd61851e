package io.sealedkv.engine.command.string;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest common subsequence of two byte strings by dynamic programming: a table of the LCS
 * lengths of every pair of prefixes, then one walk back from the end that yields the subsequence and
 * the matching ranges, last range first (the order LCS IDX reports them in).
 */
final class Lcs {
    private final byte[] a;
    private final byte[] b;
    private final int width;
    private final int[] table;

    /** Builds the table; it holds {@link #cells} ints, which the caller has checked it can afford. */
    Lcs(byte[] a, byte[] b) {
        this.a = a;
        this.b = b;
        this.width = b.length + 1;
        this.table = new int[(int) cells(a.length, b.length)];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                table[i * width + j] = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1
                        : Math.max(at(i - 1, j), at(i, j - 1));
            }
        }
    }

    static long cells(int aLength, int bLength) {
        return (aLength + 1L) * (bLength + 1L);
    }

    private int at(int i, int j) {
        return table[i * width + j];
    }

    int length() {
        return at(a.length, b.length);
    }

    /** The subsequence itself. */
    byte[] sequence() {
        byte[] result = new byte[length()];
        walk(result, null, 0);
        return result;
    }

    /**
     * The ranges of consecutive matches at least {@code minLength} long (all when 0), each as
     * {@code {aStart, aEnd, bStart, bEnd}} with inclusive ends.
     */
    List<int[]> matches(long minLength) {
        List<int[]> ranges = new ArrayList<>();
        walk(null, ranges, minLength);
        return ranges;
    }

    /** Walks back from the end, filling {@code result} and/or collecting {@code ranges} when not null. */
    private void walk(byte[] result, List<int[]> ranges, long minLength) {
        int i = a.length;
        int j = b.length;
        int remaining = length();
        int[] range = null;
        while (i > 0 && j > 0) {
            boolean close;
            if (a[i - 1] == b[j - 1]) {
                remaining--;
                if (result != null) {
                    result[remaining] = a[i - 1];
                }
                if (range == null) {
                    range = new int[] {i - 1, i - 1, j - 1, j - 1};
                } else {
                    range[0]--;
                    range[2]--;
                }
                close = range[0] == 0 || range[2] == 0;
                i--;
                j--;
            } else {
                if (at(i - 1, j) > at(i, j - 1)) {
                    i--;
                } else {
                    j--;
                }
                close = range != null;
            }
            if (close) {
                if (ranges != null && (minLength == 0 || range[1] - range[0] + 1 >= minLength)) {
                    ranges.add(range);
                }
                range = null;
            }
        }
    }
}
