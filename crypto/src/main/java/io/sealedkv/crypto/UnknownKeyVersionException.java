package io.sealedkv.crypto;

/** A sealed value names a data key version the key ring has never had. */
public final class UnknownKeyVersionException extends SealingException {
    private static final long serialVersionUID = 1L;
    private final int version;

    public UnknownKeyVersionException(int version) {
        super("unknown data key version " + Integer.toUnsignedString(version));
        this.version = version;
    }

    public int version() {
        return version;
    }
}
