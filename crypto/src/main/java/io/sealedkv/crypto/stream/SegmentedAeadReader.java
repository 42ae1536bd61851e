package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.SealingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Verifies and decrypts a {@link SegmentLayout segmented stream}. A segment's bytes are returned
 * only after the whole segment has verified, and end of stream only after the segment flagged last
 * has verified and the input has ended right after it.
 *
 * <p>Failures, thrown from {@code read} and again from every later {@code read}:
 * <ul>
 *   <li>{@link StreamAuthenticationException} "authentication failed at segment N": segment N was
 *       changed, moved, spliced from another stream, read with another key or associated data,
 *       cut inside (leaving at least 16 bytes of it), or followed by bytes while shorter than a
 *       full segment;</li>
 *   <li>{@link StreamTruncatedException} "stream truncated after segment N" (or "before the first
 *       segment"): the input ended after a segment not flagged last (whose bytes are returned
 *       first, as they verified), within the nonce prefix, or with fewer than 16 bytes of a
 *       segment;</li>
 *   <li>{@link StreamTrailingDataException} "unexpected data after the last segment (segment N)":
 *       a full-size segment flagged last is followed by more bytes;</li>
 *   <li>{@link StreamTooLongException}: segment 2^32 - 1 verified but is not flagged last.</li>
 * </ul>
 * Errors of the underlying input pass through as {@link IOException}. Memory use is fixed by the
 * segment size parameter; nothing in the stream sets a length. Not thread-safe.
 */
public final class SegmentedAeadReader extends InputStream {
    private static final byte[] EMPTY = new byte[0];

    private final InputStream in;
    private final Aead aead;
    private final byte[] associatedData;
    private final long maxSegments;
    private final int fullSegment;
    private final byte[] nonce = new byte[Aead.NONCE_LENGTH];
    /** One full sealed segment plus one byte of look-ahead, which tells whether the input ends there. */
    private final byte[] input;
    private int carried;
    private boolean prefixRead;
    private long index;
    private boolean lastVerified;
    private byte[] plaintext = EMPTY;
    private int position;
    private SealingException failure;

    /** A reader with the default segment size of {@value SegmentLayout#DEFAULT_SEGMENT_SIZE} bytes. */
    public SegmentedAeadReader(InputStream in, byte[] streamKey, byte[] associatedData) {
        this(in, streamKey, associatedData, SegmentLayout.DEFAULT_SEGMENT_SIZE);
    }

    /** The parameters must be those the writer used; {@code associatedData} is copied. */
    public SegmentedAeadReader(InputStream in, byte[] streamKey, byte[] associatedData, int segmentSize) {
        this(in, streamKey, associatedData, segmentSize, SegmentLayout.MAX_SEGMENTS);
    }

    SegmentedAeadReader(InputStream in, byte[] streamKey, byte[] associatedData, int segmentSize, long maxSegments) {
        this.in = Objects.requireNonNull(in, "in");
        this.aead = SegmentLayout.aeadFor(streamKey);
        this.associatedData = Objects.requireNonNull(associatedData, "associatedData").clone();
        this.fullSegment = SegmentLayout.checkSegmentSize(segmentSize) + SegmentLayout.TAG_LENGTH;
        this.input = new byte[fullSegment + 1];
        this.maxSegments = SegmentLayout.checkMaxSegments(maxSegments);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return plaintext[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, plaintext.length - position);
        System.arraycopy(plaintext, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return plaintext.length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes verified bytes available; false at the verified end of the stream. */
    private boolean fill() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            while (position == plaintext.length && !lastVerified) {
                plaintext = nextSegment();
                position = 0;
            }
        } catch (SealingException e) {
            failure = e;
            plaintext = EMPTY;
            position = 0;
            throw e;
        }
        return position < plaintext.length;
    }

    private byte[] nextSegment() throws IOException {
        readPrefix();
        int length = carried + readFully(carried, input.length - carried);
        carried = 0;
        if (length < SegmentLayout.TAG_LENGTH) {
            throw new StreamTruncatedException(index - 1);
        }
        if (length > fullSegment) {
            return openFollowedByMore();
        }
        return openAtEnd(length);
    }

    private void readPrefix() throws IOException {
        if (prefixRead) {
            return;
        }
        if (readFully(0, SegmentLayout.NONCE_PREFIX_LENGTH) < SegmentLayout.NONCE_PREFIX_LENGTH) {
            throw new StreamTruncatedException(-1);
        }
        System.arraycopy(input, 0, nonce, 0, SegmentLayout.NONCE_PREFIX_LENGTH);
        prefixRead = true;
    }

    private byte[] openFollowedByMore() {
        byte[] opened = open(fullSegment, false);
        if (opened == null) {
            throw open(fullSegment, true) == null
                    ? new StreamAuthenticationException(index)
                    : new StreamTrailingDataException(index);
        }
        input[0] = input[fullSegment];
        carried = 1;
        return acceptNotLast(opened);
    }

    private byte[] openAtEnd(int length) {
        byte[] last = open(length, true);
        if (last != null) {
            lastVerified = true;
            return last;
        }
        byte[] notLast = length == fullSegment ? open(length, false) : null;
        if (notLast == null) {
            throw new StreamAuthenticationException(index);
        }
        // Its bytes are good; the next read finds the input ended and reports the truncation.
        return acceptNotLast(notLast);
    }

    private byte[] acceptNotLast(byte[] opened) {
        if (index == maxSegments - 1) {
            throw new StreamTooLongException(maxSegments);
        }
        index++;
        return opened;
    }

    /** The plaintext of the segment in {@code input[0, length)}, or null if it does not verify. */
    private byte[] open(int length, boolean last) {
        SegmentLayout.completeNonce(nonce, index, last);
        try {
            return aead.open(nonce, 0, associatedData, input, 0, length);
        } catch (AuthenticationFailedException e) {
            return null;
        }
    }

    private int readFully(int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(input, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
