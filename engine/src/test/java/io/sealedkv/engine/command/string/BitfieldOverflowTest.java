package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The overflow policies against exact arithmetic with BigInteger, for every field width. */
class BitfieldOverflowTest {
    private final Random random = new Random(0xB17F);

    private long randomIncrement() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(512) - 256;
            case 2 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            default -> random.nextLong() >> random.nextInt(64);
        };
    }

    private static Long expected(BitfieldOverflow policy, BigInteger sum, BigInteger min, BigInteger max, int width) {
        if (sum.compareTo(min) >= 0 && sum.compareTo(max) <= 0) {
            return sum.longValue();
        }
        BigInteger span = BigInteger.ONE.shiftLeft(width);
        return switch (policy) {
            case WRAP -> sum.subtract(min).mod(span).add(min).longValue();
            case SAT -> sum.compareTo(max) > 0 ? max.longValue() : min.longValue();
            case FAIL -> null;
        };
    }

    @Test
    void signedFieldsMatchExactArithmetic() {
        for (int round = 0; round < 20_000; round++) {
            int width = 1 + random.nextInt(64);
            BigInteger max = BigInteger.ONE.shiftLeft(width - 1).subtract(BigInteger.ONE);
            BigInteger min = max.negate().subtract(BigInteger.ONE);
            long value = random.nextLong() >> (64 - width);
            long increment = randomIncrement();
            BitfieldOverflow policy = BitfieldOverflow.values()[random.nextInt(3)];
            BigInteger sum = BigInteger.valueOf(value).add(BigInteger.valueOf(increment));
            assertThat(policy.apply(value, increment, width, true))
                    .as("i%d %d + %d %s", width, value, increment, policy)
                    .isEqualTo(expected(policy, sum, min, max, width));
        }
    }

    @Test
    void unsignedFieldsMatchExactArithmetic() {
        for (int round = 0; round < 20_000; round++) {
            int width = 1 + random.nextInt(63);
            BigInteger max = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
            long value = random.nextLong() >>> (64 - width);
            long increment = randomIncrement();
            BitfieldOverflow policy = BitfieldOverflow.values()[random.nextInt(3)];
            BigInteger sum = BigInteger.valueOf(value).add(BigInteger.valueOf(increment));
            assertThat(policy.apply(value, increment, width, false))
                    .as("u%d %d + %d %s", width, value, increment, policy)
                    .isEqualTo(expected(policy, sum, BigInteger.ZERO, max, width));
        }
    }

    @Test
    void unsignedSetTakesNegativeValuesAsTheirBitPattern() {
        assertThat(BitfieldOverflow.SAT.apply(-1, 0, 8, false)).isEqualTo(255);
        assertThat(BitfieldOverflow.WRAP.apply(-1, 0, 8, false)).isEqualTo(255);
        assertThat(BitfieldOverflow.WRAP.apply(-300, 0, 8, false)).isEqualTo(212);
        assertThat(BitfieldOverflow.FAIL.apply(-1, 0, 63, false)).isNull();
    }
}
