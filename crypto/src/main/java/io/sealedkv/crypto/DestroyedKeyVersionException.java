package io.sealedkv.crypto;

/**
 * A sealed value names a data key version that was destroyed (crypto-shredded): what was sealed under
 * it can never be opened again.
 */
public final class DestroyedKeyVersionException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final int version;

    public DestroyedKeyVersionException(int version) {
        super("data key version " + Integer.toUnsignedString(version) + " was destroyed");
        this.version = version;
    }

    public int version() {
        return version;
    }
}
