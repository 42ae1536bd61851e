package io.sealedkv.tools.rdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the primitives of an RDB file through its own buffer, checksumming every byte. The bytes go to
 * the channel through a direct buffer of its own (a heap buffer would be copied into the JDK's cached
 * temporary direct buffers, which keep what they held); both buffers held plaintext values, so
 * {@link #close} overwrites them.
 */
final class RdbOutput implements AutoCloseable {
    private final WritableByteChannel out;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteBuffer direct = ByteBuffer.allocateDirect(buffer.length);
    private final Crc64 crc = new Crc64();
    private int used;
    private long written;

    RdbOutput(WritableByteChannel out) {
        this.out = out;
    }

    long written() {
        return written + used;
    }

    void writeByte(int b) throws IOException {
        if (used == buffer.length) {
            flushBuffer();
        }
        buffer[used++] = (byte) b;
    }

    void write(byte[] bytes) throws IOException {
        int at = 0;
        while (at < bytes.length) {
            if (used == buffer.length) {
                flushBuffer();
            }
            int n = Math.min(bytes.length - at, buffer.length - used);
            System.arraycopy(bytes, at, buffer, used, n);
            used += n;
            at += n;
        }
    }

    void writeAscii(String text) throws IOException {
        write(text.getBytes(StandardCharsets.US_ASCII));
    }

    void writeLittleEndian(long value, int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    /** A length in the smallest of the 6-bit, 14-bit, 32-bit and 64-bit forms. */
    void writeLength(long length) throws IOException {
        if (length < 1 << 6) {
            writeByte((int) length);
        } else if (length < 1 << 14) {
            writeByte(0x40 | (int) (length >>> 8));
            writeByte((int) length);
        } else if (length <= 0xFFFFFFFFL) {
            writeByte(0x80);
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte((int) (length >>> shift));
            }
        } else {
            writeByte(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (length >>> shift));
            }
        }
    }

    /** A raw (unencoded) string. */
    void writeString(byte[] bytes) throws IOException {
        writeLength(bytes.length);
        write(bytes);
    }

    void writeBinaryDouble(double value) throws IOException {
        writeLittleEndian(Double.doubleToLongBits(value), 8);
    }

    /** The end marker and the CRC-64 of everything before the checksum. */
    void finish() throws IOException {
        writeByte(RdbFormat.OPCODE_EOF);
        flushBuffer();
        long checksum = crc.value();
        for (int i = 0; i < 8; i++) {
            buffer[used++] = (byte) (checksum >>> (8 * i));
        }
        send();
    }

    private void flushBuffer() throws IOException {
        crc.update(buffer, 0, used);
        send();
    }

    private void send() throws IOException {
        direct.clear();
        direct.put(buffer, 0, used);
        direct.flip();
        while (direct.hasRemaining()) {
            out.write(direct);
        }
        written += used;
        used = 0;
    }

    @Override
    public void close() {
        Arrays.fill(buffer, (byte) 0);
        direct.clear();
        while (direct.hasRemaining()) {
            direct.put((byte) 0);
        }
    }
}
