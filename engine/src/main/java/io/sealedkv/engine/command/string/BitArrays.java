package io.sealedkv.engine.command.string;

/**
 * Bits of a byte array as Redis numbers them: bit 0 is the most significant bit of byte 0. Ranges
 * are inclusive bit positions inside the array.
 */
final class BitArrays {
    private BitArrays() {
    }

    static int get(byte[] bytes, long bit) {
        int index = (int) (bit >>> 3);
        return index < bytes.length ? (bytes[index] >> (7 - (int) (bit & 7))) & 1 : 0;
    }

    /** Sets one bit; the array must be long enough. */
    static void set(byte[] bytes, long bit, int value) {
        int index = (int) (bit >>> 3);
        int mask = 1 << (7 - (int) (bit & 7));
        bytes[index] = (byte) (value == 0 ? bytes[index] & ~mask : bytes[index] | mask);
    }

    /** The number of set bits from {@code from} to {@code to}. */
    static long count(byte[] bytes, long from, long to) {
        int first = (int) (from >>> 3);
        int last = (int) (to >>> 3);
        long count = 0;
        for (int i = first; i <= last; i++) {
            count += Integer.bitCount(bytes[i] & 0xff);
        }
        count -= Integer.bitCount((bytes[first] & 0xff) >>> (8 - (int) (from & 7)));
        count -= Integer.bitCount(bytes[last] & ((1 << (7 - (int) (to & 7))) - 1));
        return count;
    }

    /** The position of the first bit equal to {@code bit} from {@code from} to {@code to}, or -1. */
    static long first(byte[] bytes, long from, long to, int bit) {
        int skippable = bit == 1 ? 0 : 0xff;
        long i = from;
        while (i <= to) {
            if ((i & 7) == 0 && i + 7 <= to && (bytes[(int) (i >>> 3)] & 0xff) == skippable) {
                i += 8;
            } else if (get(bytes, i) == bit) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The {@code width}-bit unsigned number at {@code offset}, most significant bit first; 0 past the end. */
    static long getField(byte[] bytes, long offset, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 1) | get(bytes, offset + i);
        }
        return value;
    }

    /** Writes the low {@code width} bits of {@code value} at {@code offset}; the array must be long enough. */
    static void setField(byte[] bytes, long offset, int width, long value) {
        for (int i = 0; i < width; i++) {
            set(bytes, offset + i, (int) (value >>> (width - 1 - i)) & 1);
        }
    }
}
