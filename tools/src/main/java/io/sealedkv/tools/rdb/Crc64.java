package io.sealedkv.tools.rdb;

/**
 * CRC-64/Jones as Redis checksums RDB files: polynomial 0xad93d23594c935a9, reflected input and
 * output, initial value 0, no final xor (check value of "123456789": 0xe9c6d914c4b8d9ca). The JDK
 * and the project's dependencies offer only CRC-32 variants, hence this table-driven version.
 */
final class Crc64 {
    /** The polynomial with its bits reversed, as a reflected CRC uses it. */
    private static final long REFLECTED_POLYNOMIAL = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = table();

    private long crc;

    private static long[] table() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
            }
            table[i] = c;
        }
        return table;
    }

    void update(int b) {
        crc = TABLE[(int) (crc ^ b) & 0xFF] ^ (crc >>> 8);
    }

    void update(byte[] bytes, int offset, int length) {
        long c = crc;
        for (int i = offset; i < offset + length; i++) {
            c = TABLE[(int) (c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
        }
        crc = c;
    }

    long value() {
        return crc;
    }
}
