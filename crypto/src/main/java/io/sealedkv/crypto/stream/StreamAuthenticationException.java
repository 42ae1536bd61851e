package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.SealingException;

/**
 * A segment of a {@link SegmentLayout segmented stream} did not verify: its bytes, the nonce
 * prefix, the associated data or the stream key differ from what the writer used, or the segment
 * was moved. A cut inside a segment that leaves at least a tag's worth of it is reported here too,
 * since a shortened segment cannot be told from a forged last segment.
 */
public final class StreamAuthenticationException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final long segment;

    public StreamAuthenticationException(long segment) {
        super("authentication failed at segment " + segment);
        this.segment = segment;
    }

    /** Index of the first segment that failed; every earlier segment verified. */
    public long segment() {
        return segment;
    }
}
