package io.sealedkv.engine.persistence;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Buffered reading of the snapshot body's fields; every read that finds the input ended throws
 * {@link EOFException}. A length is checked against its limit, and a large one is read in steps, so
 * a lying length cannot allocate more than the input holds. Not thread-safe.
 */
final class BodyInput {
    private static final int STEP = 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private long consumed;

    BodyInput(InputStream in) {
        this.in = in;
    }

    /** Bytes read so far. */
    long position() {
        return consumed + start;
    }

    /** False at the end of the input. */
    private boolean fill() throws IOException {
        if (start < end) {
            return true;
        }
        consumed += end;
        start = 0;
        end = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        end = n;
        return true;
    }

    int readByte() throws IOException {
        if (!fill()) {
            throw new EOFException("body ends early");
        }
        return buffer[start++] & 0xFF;
    }

    /** The next byte, or -1 at the end of the input. */
    int readByteOrEnd() throws IOException {
        return fill() ? buffer[start++] & 0xFF : -1;
    }

    long readVarint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    throw new MalformedBodyException("varint overflows 64 bits");
                }
                return value;
            }
        }
        throw new MalformedBodyException("varint longer than 10 bytes");
    }

    /** A varint in {@code 0..max}. */
    int readLength(int max, String what) throws IOException {
        long length = readVarint();
        if (length < 0 || length > max) {
            throw new MalformedBodyException(what + " length " + Long.toUnsignedString(length) + " out of range");
        }
        return (int) length;
    }

    int readInt() throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | readByte();
        }
        return value;
    }

    long readLong() throws IOException {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | readByte();
        }
        return value;
    }

    /** Exactly {@code length} bytes. */
    byte[] readBytes(int length) throws IOException {
        byte[] bytes = new byte[Math.min(length, STEP)];
        int filled = 0;
        while (filled < length) {
            if (!fill()) {
                throw new EOFException("body ends early");
            }
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(length, 2L * bytes.length));
            }
            int n = Math.min(end - start, bytes.length - filled);
            System.arraycopy(buffer, start, bytes, filled, n);
            start += n;
            filled += n;
        }
        return bytes;
    }

    /** Exactly {@code length} bytes into the start of {@code into}, which holds at least that many. */
    void readFully(byte[] into, int length) throws IOException {
        readFully(into, 0, length);
    }

    /** Exactly {@code length} bytes into {@code into} from {@code offset}, where it has room for them. */
    void readFully(byte[] into, int offset, int length) throws IOException {
        int filled = offset;
        int to = offset + length;
        while (filled < to) {
            if (!fill()) {
                throw new EOFException("body ends early");
            }
            int n = Math.min(end - start, to - filled);
            System.arraycopy(buffer, start, into, filled, n);
            start += n;
            filled += n;
        }
    }

    /** A body that does not follow the format; what is wrong is the message. */
    static final class MalformedBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
