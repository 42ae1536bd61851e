package io.sealedkv.crypto;

/**
 * The versioned data keys a sealer may use: exactly one primary for sealing, any number of older
 * versions for opening. Implemented by the keystore; the codec depends only on this view.
 */
public interface KeyRing {
    /** The key new values are sealed under. May change (rotation) between calls. */
    SealingKey primary();

    /**
     * The key that opens values sealed under {@code version}; exactly that key, no trial decryption.
     *
     * @throws UnknownKeyVersionException if the ring never had that version
     * @throws DestroyedKeyVersionException if that version was destroyed
     */
    Aead forVersion(int version);

    /**
     * The element token function derived from data key {@code version} (see {@link ElementTokens}).
     *
     * @throws UnknownKeyVersionException if the ring never had that version
     * @throws DestroyedKeyVersionException if that version was destroyed
     */
    ElementTokens tokens(int version);
}
