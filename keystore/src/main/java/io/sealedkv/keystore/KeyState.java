package io.sealedkv.keystore;

/** The life of a data key version. Exactly one version of a keystore is {@link #PRIMARY}. */
public enum KeyState {
    /** Seals new values and opens old ones. */
    PRIMARY,
    /** Opens values sealed under it; seals nothing new. */
    DECRYPT_ONLY,
    /** Its material is gone (crypto-shredded): values sealed under it can never be opened again. */
    DESTROYED
}
