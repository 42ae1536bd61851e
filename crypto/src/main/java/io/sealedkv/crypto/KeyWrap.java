package io.sealedkv.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES key wrapping (NIST SP 800-38F) through Bouncy Castle: KW (RFC 3394) for keys whose length is a
 * multiple of 8 bytes, KWP (RFC 5649) for any length. Unwrapping checks the integrity value and
 * fails with {@link AuthenticationFailedException} on any change.
 */
public enum KeyWrap {
    /** SP 800-38F KW: at least two 64-bit blocks of key, so at least 24 bytes wrapped. */
    KW(16, 8) {
        @Override
        Wrapper engine() {
            return new RFC3394WrapEngine(AESEngine.newInstance());
        }
    },
    /** SP 800-38F KWP: any non-empty key, padded to 64-bit blocks. */
    KWP(1, 1) {
        @Override
        Wrapper engine() {
            return new RFC5649WrapEngine(AESEngine.newInstance());
        }
    };

    private static final int SEMIBLOCK = 8;
    private final int minKeyLength;
    private final int keyLengthMultiple;

    KeyWrap(int minKeyLength, int keyLengthMultiple) {
        this.minKeyLength = minKeyLength;
        this.keyLengthMultiple = keyLengthMultiple;
    }

    abstract Wrapper engine();

    /** Wraps {@code key} under the key-encryption key {@code kek} (16, 24 or 32 bytes). */
    public byte[] wrap(byte[] kek, byte[] key) {
        if (key.length < minKeyLength || key.length % keyLengthMultiple != 0) {
            throw new IllegalArgumentException(name() + " cannot wrap a key of " + key.length + " bytes");
        }
        Wrapper wrapper = engine();
        wrapper.init(true, new KeyParameter(kek));
        try {
            return wrapper.wrap(key, 0, key.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name() + " cannot wrap a key of " + key.length + " bytes", e);
        }
    }

    /** Unwraps and verifies; never returns bytes that did not come from {@link #wrap} with this kek. */
    public byte[] unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length < minKeyLength + SEMIBLOCK || wrapped.length % SEMIBLOCK != 0) {
            throw new AuthenticationFailedException(name() + " unwrap failed: " + wrapped.length + " bytes is not a wrapped key");
        }
        Wrapper wrapper = engine();
        wrapper.init(false, new KeyParameter(kek));
        try {
            return wrapper.unwrap(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new AuthenticationFailedException(name() + " unwrap failed: integrity check or length is wrong", e);
        }
    }
}
