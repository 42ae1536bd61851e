package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.SealingException;

/**
 * A {@link SegmentLayout segmented stream} ended before its last segment: right after a segment
 * that verified but is not flagged last, within the nonce prefix, or with fewer bytes of a segment
 * left than its tag.
 */
public final class StreamTruncatedException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final long lastGoodSegment;

    public StreamTruncatedException(long lastGoodSegment) {
        super(lastGoodSegment < 0
                ? "stream truncated before the first segment"
                : "stream truncated after segment " + lastGoodSegment);
        this.lastGoodSegment = lastGoodSegment;
    }

    /** Index of the last segment that verified, or -1 if none did. */
    public long lastGoodSegment() {
        return lastGoodSegment;
    }
}
