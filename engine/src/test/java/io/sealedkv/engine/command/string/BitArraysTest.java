package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** BitArrays against a bit-by-bit model on random strings and ranges. */
class BitArraysTest {
    private final Random random = new Random(0x5EA1);

    private static int modelBit(byte[] bytes, long bit) {
        return bit / 8 < bytes.length ? (bytes[(int) (bit / 8)] & (0x80 >> (bit % 8))) != 0 ? 1 : 0 : 0;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(24)];
        for (int i = 0; i < bytes.length; i++) {
            int kind = random.nextInt(3);
            bytes[i] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xff : random.nextInt(256));
        }
        return bytes;
    }

    @Test
    void countAndFirstMatchTheModelOnEveryRange() {
        for (int round = 0; round < 300; round++) {
            byte[] bytes = randomBytes();
            long bits = bytes.length * 8L;
            long from = random.nextInt((int) bits);
            long to = from + random.nextInt((int) (bits - from));
            long count = 0;
            long firstOne = -1;
            long firstZero = -1;
            for (long i = to; i >= from; i--) {
                int bit = modelBit(bytes, i);
                count += bit;
                if (bit == 1) {
                    firstOne = i;
                } else {
                    firstZero = i;
                }
            }
            assertThat(BitArrays.count(bytes, from, to)).isEqualTo(count);
            assertThat(BitArrays.first(bytes, from, to, 1)).isEqualTo(firstOne);
            assertThat(BitArrays.first(bytes, from, to, 0)).isEqualTo(firstZero);
        }
    }

    @Test
    void fieldsRoundTripAtAnyOffsetAndWidth() {
        for (int round = 0; round < 300; round++) {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            byte[] before = bytes.clone();
            int width = 1 + random.nextInt(64);
            long offset = random.nextInt(bytes.length * 8 - width + 1);
            long value = random.nextLong();
            long mask = width == 64 ? -1L : (1L << width) - 1;
            BitArrays.setField(bytes, offset, width, value);
            assertThat(BitArrays.getField(bytes, offset, width)).isEqualTo(value & mask);
            for (long bit = 0; bit < bytes.length * 8L; bit++) {
                if (bit < offset || bit >= offset + width) {
                    assertThat(BitArrays.get(bytes, bit)).isEqualTo(modelBit(before, bit));
                }
            }
        }
    }

    @Test
    void bitsPastTheEndReadAsZero() {
        byte[] bytes = {(byte) 0xff};
        assertThat(BitArrays.get(bytes, 8)).isZero();
        assertThat(BitArrays.getField(bytes, 4, 8)).isEqualTo(0xf0);
    }
}
