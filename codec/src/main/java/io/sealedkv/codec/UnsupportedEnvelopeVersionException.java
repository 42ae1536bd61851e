package io.sealedkv.codec;

import io.sealedkv.crypto.SealingException;

/**
 * A sealed value starts with an envelope format version this build cannot read: written by a newer
 * release, or not a sealed value at all.
 */
public final class UnsupportedEnvelopeVersionException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final int version;
    private final int supported;

    public UnsupportedEnvelopeVersionException(int version, int supported) {
        super("sealed value has envelope format version " + version + "; this build reads version " + supported);
        this.version = version;
        this.supported = supported;
    }

    /** The format version the value names (its first byte, unsigned). */
    public int version() {
        return version;
    }

    /** The format version this build reads. */
    public int supported() {
        return supported;
    }
}
