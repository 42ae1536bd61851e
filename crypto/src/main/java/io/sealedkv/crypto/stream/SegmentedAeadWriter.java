package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.Aead;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts and authenticates everything written to it as a {@link SegmentLayout segmented stream}
 * on the underlying output: the 7-byte nonce prefix first (written by the constructor), then one
 * sealed segment per {@code S} plaintext bytes.
 *
 * <p>The stream key must be fresh and seal this one stream only (see {@link SegmentLayout}).
 * The writer holds back one full segment until more data arrives, because only
 * {@link #finish()} or {@link #close()} knows which segment is the last; so {@link #flush()}
 * flushes the underlying stream but cannot emit a partial segment. A stream that is never
 * finished has no last segment and reads as truncated. Not thread-safe.
 */
public final class SegmentedAeadWriter extends OutputStream {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final Aead aead;
    private final byte[] associatedData;
    private final long maxSegments;
    private final byte[] nonce = new byte[Aead.NONCE_LENGTH];
    private final byte[] plaintext;
    private final byte[] sealed;
    private int buffered;
    private long index;
    private boolean finished;
    private boolean closed;

    /** A writer with the default segment size of {@value SegmentLayout#DEFAULT_SEGMENT_SIZE} bytes. */
    public SegmentedAeadWriter(OutputStream out, byte[] streamKey, byte[] associatedData) throws IOException {
        this(out, streamKey, associatedData, SegmentLayout.DEFAULT_SEGMENT_SIZE);
    }

    /**
     * @param streamKey      32 bytes, used for this stream only
     * @param associatedData authenticated by every segment (copied)
     * @param segmentSize    plaintext bytes per segment, 1 to {@value SegmentLayout#MAX_SEGMENT_SIZE}
     * @throws IOException if writing the nonce prefix fails
     */
    public SegmentedAeadWriter(OutputStream out, byte[] streamKey, byte[] associatedData, int segmentSize)
            throws IOException {
        this(out, streamKey, associatedData, segmentSize, SegmentLayout.MAX_SEGMENTS);
    }

    SegmentedAeadWriter(OutputStream out, byte[] streamKey, byte[] associatedData, int segmentSize,
                        long maxSegments) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.aead = SegmentLayout.aeadFor(streamKey);
        this.associatedData = Objects.requireNonNull(associatedData, "associatedData").clone();
        this.plaintext = new byte[SegmentLayout.checkSegmentSize(segmentSize)];
        this.sealed = new byte[segmentSize + SegmentLayout.TAG_LENGTH];
        this.maxSegments = SegmentLayout.checkMaxSegments(maxSegments);
        RANDOM.nextBytes(nonce);
        Arrays.fill(nonce, SegmentLayout.NONCE_PREFIX_LENGTH, nonce.length, (byte) 0);
        out.write(nonce, 0, SegmentLayout.NONCE_PREFIX_LENGTH);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == plaintext.length) {
            sealSegment(false);
        }
        plaintext[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        int end = off + len;
        int from = off;
        while (from < end) {
            if (buffered == plaintext.length) {
                sealSegment(false);
            }
            int n = Math.min(plaintext.length - buffered, end - from);
            System.arraycopy(b, from, plaintext, buffered, n);
            buffered += n;
            from += n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Seals the buffered bytes as the last segment and flushes, leaving the underlying stream open
     * (to sync it, say). Nothing can be written afterwards; a second call does nothing.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        sealSegment(true);
        finished = true;
        out.flush();
    }

    /** {@link #finish() Finishes} the stream, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            finish();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void sealSegment(boolean last) throws IOException {
        if (!last && index == maxSegments - 1) {
            throw new StreamTooLongException(maxSegments);
        }
        SegmentLayout.completeNonce(nonce, index, last);
        aead.seal(nonce, 0, associatedData, plaintext, 0, buffered, sealed, 0);
        out.write(sealed, 0, buffered + SegmentLayout.TAG_LENGTH);
        index++;
        buffered = 0;
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("segmented stream already finished");
        }
    }
}
