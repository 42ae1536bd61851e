package io.sealedkv.tools.rdb;

import com.ning.compress.lzf.ChunkDecoder;
import com.ning.compress.lzf.util.ChunkDecoderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the primitives of an RDB file (lengths, strings in their encodings, doubles) from a stream
 * of known size, checksumming every byte it consumes. Nothing is allocated from a length read in the
 * file before the length is checked against the bytes left in the file and {@link #MAX_STRING}, so a
 * damaged or hostile file ends in a {@link BadRdbException}, never in an OutOfMemoryError.
 */
final class RdbInput {
    /** Redis's own limit on a string (proto-max-bulk-len's ceiling). */
    static final long MAX_STRING = 512L * 1024 * 1024;
    /** LZF expands at most ~88 times (a 3-byte back reference copies 264 bytes); anything more is a lie. */
    private static final long LZF_MAX_RATIO = 100;
    private static final ChunkDecoder LZF = ChunkDecoderFactory.safeInstance();

    private final InputStream in;
    private final long size;
    private final byte[] buffer = new byte[64 * 1024];
    private final Crc64 crc = new Crc64();
    private int bufferPos;
    private int bufferEnd;
    private long consumed;
    private boolean checksumming = true;

    RdbInput(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Overwrites the read buffer: it held values in clear. */
    void wipe() {
        Arrays.fill(buffer, (byte) 0);
    }

    long position() {
        return consumed;
    }

    long remaining() {
        return size - consumed;
    }

    /** The CRC-64 of every byte consumed so far. */
    long checksum() {
        return crc.value();
    }

    /** Stops checksumming (the trailer itself is not part of the sum). */
    void stopChecksum() {
        checksumming = false;
    }

    int readByte() throws BadRdbException {
        if (bufferPos == bufferEnd) {
            fill();
        }
        int b = buffer[bufferPos++] & 0xFF;
        consumed++;
        if (checksumming) {
            crc.update(b);
        }
        return b;
    }

    /** True when nothing follows what was consumed. */
    boolean atEnd() throws BadRdbException {
        if (bufferPos < bufferEnd) {
            return false;
        }
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return true;
            }
            bufferPos = 0;
            bufferEnd = n;
            return false;
        } catch (IOException e) {
            throw new BadRdbException("cannot read the RDB file: " + e.getMessage(), e);
        }
    }

    private void fill() throws BadRdbException {
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                throw new BadRdbException("the file ends at byte " + consumed + " before the RDB does (truncated)");
            }
            bufferPos = 0;
            bufferEnd = n;
        } catch (IOException e) {
            throw new BadRdbException("cannot read the RDB file: " + e.getMessage(), e);
        }
    }

    /** {@code length} bytes; {@code what} names them in the error when the file cannot hold them. */
    byte[] readBytes(long length, String what) throws BadRdbException {
        checkAvailable(length, what);
        byte[] out = new byte[(int) length];
        int at = 0;
        while (at < out.length) {
            if (bufferPos == bufferEnd) {
                fill();
            }
            int n = Math.min(out.length - at, bufferEnd - bufferPos);
            System.arraycopy(buffer, bufferPos, out, at, n);
            if (checksumming) {
                crc.update(buffer, bufferPos, n);
            }
            bufferPos += n;
            at += n;
            consumed += n;
        }
        return out;
    }

    /** Fails unless {@code length} more bytes can still be in the file and within the string limit. */
    void checkAvailable(long length, String what) throws BadRdbException {
        if (length < 0 || length > remaining()) {
            throw new BadRdbException(what + " of " + Long.toUnsignedString(length) + " bytes at byte " + consumed
                    + " runs past the end of the file (truncated or damaged file: " + remaining() + " bytes left)");
        }
        if (length > MAX_STRING) {
            throw new BadRdbException(what + " of " + length + " bytes at byte " + consumed + " exceeds the 512 MB limit");
        }
    }

    /** An unsigned little-endian integer of {@code bytes} bytes. */
    long readLittleEndian(int bytes) throws BadRdbException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) readByte() << (8 * i);
        }
        return value;
    }

    private long readBigEndian(int bytes) throws BadRdbException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | readByte();
        }
        return value;
    }

    /** A length (not a string encoding); {@code what} names it in errors. */
    long readLength(String what) throws BadRdbException {
        long at = consumed;
        int first = readByte();
        switch (first >>> 6) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((long) (first & 0x3F) << 8) | readByte();
            case 2:
                if (first == 0x80) {
                    return readBigEndian(4);
                }
                if (first == 0x81) {
                    long length = readBigEndian(8);
                    if (length < 0) {
                        throw new BadRdbException(what + " at byte " + at + " is negative");
                    }
                    return length;
                }
                throw new BadRdbException("bad length encoding 0x" + Integer.toHexString(first) + " for " + what
                        + " at byte " + at);
            default:
                throw new BadRdbException("a string encoding where " + what + " was expected at byte " + at);
        }
    }

    /** A count of things each taking at least {@code minBytes} bytes, so no more than the file can hold. */
    long readCount(String what, int minBytes) throws BadRdbException {
        long at = consumed;
        long count = readLength(what);
        if (count > remaining() / minBytes) {
            throw new BadRdbException(what + " " + count + " at byte " + at + " cannot fit in the "
                    + remaining() + " bytes left");
        }
        return count;
    }

    /** A string in any of its encodings (raw, integer, LZF), integers as their decimal text. */
    byte[] readString(String what) throws BadRdbException {
        long at = consumed;
        int first = readByte();
        int kind = first >>> 6;
        if (kind != 3) {
            long length = switch (kind) {
                case 0 -> first & 0x3F;
                case 1 -> ((long) (first & 0x3F) << 8) | readByte();
                default -> {
                    if (first == 0x80) {
                        yield readBigEndian(4);
                    }
                    if (first == 0x81) {
                        yield readBigEndian(8);
                    }
                    throw new BadRdbException("bad length encoding 0x" + Integer.toHexString(first) + " for "
                            + what + " at byte " + at);
                }
            };
            return readBytes(length, what);
        }
        return switch (first & 0x3F) {
            case RdbFormat.ENCODING_INT8 -> decimal((byte) readByte());
            case RdbFormat.ENCODING_INT16 -> decimal((short) readLittleEndian(2));
            case RdbFormat.ENCODING_INT32 -> decimal((int) readLittleEndian(4));
            case RdbFormat.ENCODING_LZF -> readLzf(what, at);
            default -> throw new BadRdbException("unknown string encoding " + (first & 0x3F) + " for " + what
                    + " at byte " + at);
        };
    }

    private byte[] readLzf(String what, long at) throws BadRdbException {
        long compressedLength = readLength("compressed length of " + what);
        long length = readLength("length of " + what);
        checkAvailable(compressedLength, "compressed " + what);
        if (length > MAX_STRING || length > compressedLength * LZF_MAX_RATIO + 64 || length == 0) {
            throw new BadRdbException("LZF " + what + " at byte " + at + " claims " + length + " bytes from "
                    + compressedLength + " compressed bytes");
        }
        byte[] compressed = readBytes(compressedLength, "compressed " + what);
        byte[] out = new byte[(int) length];
        try {
            LZF.decodeChunk(compressed, 0, out, 0, out.length);
        } catch (IOException | RuntimeException e) {
            Arrays.fill(out, (byte) 0);
            throw new BadRdbException("LZF " + what + " at byte " + at + " does not decompress: " + e.getMessage(), e);
        } finally {
            Arrays.fill(compressed, (byte) 0);
        }
        return out;
    }

    static byte[] decimal(long value) {
        return Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A ZSET_2 score: 8 bytes, IEEE 754, little-endian. */
    double readBinaryDouble() throws BadRdbException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** A ZSET (type 3) score: 253 NaN, 254 +inf, 255 -inf, else that many bytes of decimal text. */
    double readTextDouble() throws BadRdbException {
        long at = consumed;
        int length = readByte();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = readBytes(length, "score");
                return parseDouble(text, "score at byte " + at);
        }
    }

    static double parseDouble(byte[] text, String what) throws BadRdbException {
        String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "inf", "+inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> {
                    if (s.isEmpty() || !s.chars().allMatch(c -> c == '-' || c == '+' || c == '.' || c == 'e'
                            || c == 'E' || (c >= '0' && c <= '9'))) {
                        throw new NumberFormatException(s);
                    }
                    yield Double.parseDouble(s);
                }
            };
        } catch (NumberFormatException e) {
            throw new BadRdbException(what + " is not a number");
        }
    }
}
