package io.sealedkv.engine.keys;

/** A keystore file that reload refuses: it does not hold the data keys the server uses. */
public final class KeystoreMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeystoreMismatchException(String message) {
        super(message);
    }
}
