package io.sealedkv.crypto;

/**
 * Base of every failure to seal or open a value. Subclasses name the cause precisely; callers at the
 * edge (the server, the tools) map them to one clear message. Never carries key or plaintext bytes.
 */
public class SealingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
