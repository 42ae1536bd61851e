package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.SealingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/** Seals and reads in-memory streams for the tests. */
final class Streams {
    static final byte[] HEADER = "SEALEDKV-SNAPSHOT v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a reader returned before it ended or failed. */
    record Outcome(byte[] plaintext, SealingException failure) {
    }

    private Streams() {
    }

    static byte[] newKey() {
        return randomBytes(SegmentLayout.KEY_LENGTH);
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] seal(byte[] key, byte[] header, int segmentSize, byte[] plaintext) {
        return seal(key, header, segmentSize, plaintext, Math.max(1, plaintext.length));
    }

    /** Seals {@code plaintext}, handing it to the writer {@code writeSize} bytes at a time. */
    static byte[] seal(byte[] key, byte[] header, int segmentSize, byte[] plaintext, int writeSize) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentedAeadWriter writer = new SegmentedAeadWriter(sink, key, header, segmentSize)) {
            for (int from = 0; from < plaintext.length; from += writeSize) {
                writer.write(plaintext, from, Math.min(writeSize, plaintext.length - from));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    /** Reads everything, {@code readSize} bytes per call (1 uses the single-byte {@code read()}). */
    static Outcome read(byte[] key, byte[] header, int segmentSize, byte[] sealed, int readSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(sealed), key, header,
                segmentSize)) {
            byte[] buffer = new byte[readSize];
            int n;
            while ((n = readSize == 1 ? single(reader, buffer) : reader.read(buffer, 0, readSize)) >= 0) {
                out.write(buffer, 0, n);
            }
            return new Outcome(out.toByteArray(), null);
        } catch (SealingException e) {
            return new Outcome(out.toByteArray(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Outcome read(byte[] key, int segmentSize, byte[] sealed) {
        return read(key, HEADER, segmentSize, sealed, 4096);
    }

    /** Byte offset of segment {@code index} in a sealed stream. */
    static int segmentOffset(int segmentSize, int index) {
        return SegmentLayout.NONCE_PREFIX_LENGTH + index * (segmentSize + SegmentLayout.TAG_LENGTH);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static int single(SegmentedAeadReader reader, byte[] buffer) throws IOException {
        int b = reader.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }
}
