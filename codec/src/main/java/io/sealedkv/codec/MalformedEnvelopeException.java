package io.sealedkv.codec;

import io.sealedkv.crypto.SealingException;

/**
 * A sealed value is not a well-formed envelope: too short, flag bits this format does not define, or
 * a compressed payload whose declared or decoded size is impossible. Nothing of the value is returned.
 */
public final class MalformedEnvelopeException extends SealingException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
