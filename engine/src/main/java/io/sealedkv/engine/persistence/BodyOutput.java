package io.sealedkv.engine.persistence;

import java.io.IOException;
import java.io.OutputStream;

/** Buffered writing of the snapshot body's fields (bytes, varints, 32- and 64-bit integers). Not thread-safe. */
final class BodyOutput {
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;

    BodyOutput(OutputStream out) {
        this.out = out;
    }

    void writeByte(int b) throws IOException {
        ensure(1);
        buffer[used++] = (byte) b;
    }

    void writeVarint(long value) throws IOException {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[used++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[used++] = (byte) v;
    }

    void writeInt(int value) throws IOException {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[used++] = (byte) (value >>> shift);
        }
    }

    void writeLong(long value) throws IOException {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[used++] = (byte) (value >>> shift);
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - used) {
            flushBuffer();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, used, length);
        used += length;
    }

    /** A length-prefixed byte string. */
    void writeBytes(byte[] bytes) throws IOException {
        writeVarint(bytes.length);
        write(bytes);
    }

    void flushBuffer() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    private void ensure(int n) throws IOException {
        if (buffer.length - used < n) {
            flushBuffer();
        }
    }
}
