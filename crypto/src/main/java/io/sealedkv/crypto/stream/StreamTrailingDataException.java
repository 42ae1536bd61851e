package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.SealingException;

/**
 * Bytes follow a segment of a {@link SegmentLayout segmented stream} that verified as the last.
 * Only a full-size last segment can be recognised this way: bytes appended to a shorter last
 * segment make that segment fail, reported as {@link StreamAuthenticationException}.
 */
public final class StreamTrailingDataException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final long lastSegment;

    public StreamTrailingDataException(long lastSegment) {
        super("unexpected data after the last segment (segment " + lastSegment + ")");
        this.lastSegment = lastSegment;
    }

    /** Index of the segment flagged last. */
    public long lastSegment() {
        return lastSegment;
    }
}
