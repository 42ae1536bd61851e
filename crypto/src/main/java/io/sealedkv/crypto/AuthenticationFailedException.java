package io.sealedkv.crypto;

/** The authentication tag did not verify: the ciphertext, nonce, tag or associated data was changed. */
public final class AuthenticationFailedException extends SealingException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
