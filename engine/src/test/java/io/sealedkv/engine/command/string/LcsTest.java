package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The LCS table and walk: the subsequence is common and as long as the table says, ranges match it. */
class LcsTest {
    private final Random random = new Random(0x1C5);

    private byte[] randomText() {
        byte[] text = new byte[random.nextInt(30)];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(4));
        }
        return text;
    }

    private static boolean isSubsequence(byte[] sub, byte[] of) {
        int j = 0;
        for (int i = 0; i < of.length && j < sub.length; i++) {
            if (of[i] == sub[j]) {
                j++;
            }
        }
        return j == sub.length;
    }

    /** The LCS length by the plain recursive definition, memoised. */
    private static int modelLength(byte[] a, byte[] b) {
        int[][] memo = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                memo[i][j] = a[i] == b[j] ? memo[i + 1][j + 1] + 1 : Math.max(memo[i + 1][j], memo[i][j + 1]);
            }
        }
        return memo[0][0];
    }

    @Test
    void sequenceIsALongestCommonSubsequence() {
        for (int round = 0; round < 500; round++) {
            byte[] a = randomText();
            byte[] b = randomText();
            Lcs lcs = new Lcs(a, b);
            byte[] sequence = lcs.sequence();
            assertThat(lcs.length()).isEqualTo(modelLength(a, b));
            assertThat(sequence).hasSize(lcs.length());
            assertThat(isSubsequence(sequence, a) && isSubsequence(sequence, b)).isTrue();
        }
    }

    @Test
    void rangesAreEqualRunsCoveringTheSubsequenceLastFirst() {
        for (int round = 0; round < 500; round++) {
            byte[] a = randomText();
            byte[] b = randomText();
            Lcs lcs = new Lcs(a, b);
            List<int[]> ranges = lcs.matches(0);
            int covered = 0;
            int previousStart = Integer.MAX_VALUE;
            for (int[] range : ranges) {
                int length = range[1] - range[0] + 1;
                assertThat(range[3] - range[2] + 1).isEqualTo(length);
                for (int k = 0; k < length; k++) {
                    assertThat(a[range[0] + k]).isEqualTo(b[range[2] + k]);
                }
                assertThat(range[1]).isLessThan(previousStart);
                previousStart = range[0];
                covered += length;
            }
            assertThat(covered).isEqualTo(lcs.length());
            assertThat(lcs.matches(3)).allSatisfy(range -> assertThat(range[1] - range[0] + 1).isGreaterThanOrEqualTo(3));
        }
    }
}
