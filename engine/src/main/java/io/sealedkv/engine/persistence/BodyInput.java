package io.sealedkv.engine.persistence;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading of the snapshot body's fields; every read that finds the input ended throws
 * {@link EOFException}, and lengths are checked against a limit before anything is allocated beyond
 * what the input actually holds. Not thread-safe.
 */
final class BodyInput {
    private final InputStream in;
    private long position;

    BodyInput(InputStream in) {
        this.in = in;
    }

    /** Bytes read so far. */
    long position() {
        return position;
    }

    int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("body ends early");
        }
        position++;
        return b;
    }

    /** The next byte, or -1 at the end of the input. */
    int readByteOrEnd() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
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

    long readLong() throws IOException {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | readByte();
        }
        return value;
    }

    /** Exactly {@code length} bytes; memory grows with what is actually read, so a lying length cannot exhaust it. */
    byte[] readBytes(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        position += bytes.length;
        if (bytes.length != length) {
            throw new EOFException("body ends early");
        }
        return bytes;
    }

    /** A body that does not follow the format; what is wrong is the message. */
    static final class MalformedBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
