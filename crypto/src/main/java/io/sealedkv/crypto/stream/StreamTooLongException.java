package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.SealingException;

/** A {@link SegmentLayout segmented stream} would hold, or holds, more segments than the limit of 2^32. */
public final class StreamTooLongException extends SealingException {
    private static final long serialVersionUID = 1L;

    public StreamTooLongException(long maxSegments) {
        super("a stream holds at most " + maxSegments + " segments");
    }
}
