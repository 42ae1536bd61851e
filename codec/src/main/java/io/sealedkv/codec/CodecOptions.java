package io.sealedkv.codec;

/**
 * How a {@link SealingValueCodec} treats values. Immutable; change one setting with the
 * {@code with...} methods.
 *
 * <p>Compression before encryption lets the sealed length depend on the content (CRIME, BREACH): a
 * deployment whose values mix attacker-chosen and secret bytes should switch it off. Values sealed
 * with compression still open after it is switched off.
 *
 * @param compression      whether values of at least {@code compressMinBytes} are tried with LZF
 * @param compressMinBytes smallest value tried with LZF; below about 200 bytes LZF rarely shrinks
 *                         JSON-like text and only costs time (see MEASURED.md)
 * @param maxValueBytes    largest plaintext sealed, and largest a compressed payload may expand to
 *                         when opened (checked before allocating)
 */
public record CodecOptions(boolean compression, int compressMinBytes, int maxValueBytes) {
    public static final int DEFAULT_COMPRESS_MIN_BYTES = 200;
    /** Redis's default proto-max-bulk-len. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 512 * 1024 * 1024;
    /** Upper bound for {@code maxValueBytes}: the envelope and LZF's workspace must fit in one array. */
    public static final int MAX_VALUE_BYTES_LIMIT = 1024 * 1024 * 1024;
    public static final CodecOptions DEFAULTS =
            new CodecOptions(true, DEFAULT_COMPRESS_MIN_BYTES, DEFAULT_MAX_VALUE_BYTES);

    public CodecOptions {
        if (compressMinBytes < 0) {
            throw new IllegalArgumentException("compressMinBytes must not be negative: " + compressMinBytes);
        }
        if (maxValueBytes < 0 || maxValueBytes > MAX_VALUE_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxValueBytes must be 0.." + MAX_VALUE_BYTES_LIMIT + ", not " + maxValueBytes);
        }
    }

    public CodecOptions withCompression(boolean enabled) {
        return new CodecOptions(enabled, compressMinBytes, maxValueBytes);
    }

    public CodecOptions withCompressMinBytes(int bytes) {
        return new CodecOptions(compression, bytes, maxValueBytes);
    }

    public CodecOptions withMaxValueBytes(int bytes) {
        return new CodecOptions(compression, compressMinBytes, bytes);
    }

    /** Whether a plaintext of {@code length} bytes is worth trying with LZF. */
    public boolean triesCompression(int length) {
        return compression && length >= compressMinBytes;
    }
}
