package io.sealedkv.crypto;

/**
 * Authenticated encryption with associated data under one fixed key, with a caller-supplied 96-bit
 * nonce and a 128-bit tag.
 *
 * <p>Guarantee: {@link #open} returns the plaintext only if the nonce, the associated data and the
 * ciphertext with its tag are exactly what {@link #seal} produced; otherwise it throws
 * {@link AuthenticationFailedException} and returns nothing. The caller must never seal twice with
 * the same nonce under one key (see {@link NonceSequence}). Implementations are thread-safe.
 */
public interface Aead {
    int NONCE_LENGTH = 12;
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code plaintext[offset, offset+length)} and writes ciphertext followed by the tag,
     * {@code length + TAG_LENGTH} bytes, into {@code out} at {@code outOffset}.
     */
    void seal(byte[] nonce, int nonceOffset, byte[] associatedData,
              byte[] plaintext, int offset, int length, byte[] out, int outOffset);

    /**
     * Verifies and decrypts {@code sealed[offset, offset+length)} (ciphertext followed by the tag).
     *
     * @throws AuthenticationFailedException if the tag does not verify or the input is too short
     */
    byte[] open(byte[] nonce, int nonceOffset, byte[] associatedData, byte[] sealed, int offset, int length);
}
