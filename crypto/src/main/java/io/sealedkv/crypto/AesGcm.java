package io.sealedkv.crypto;

import io.sealedkv.crypto.internal.BouncyCastleAesGcm;
import io.sealedkv.crypto.internal.JceAesGcm;

/**
 * AES-GCM with a 96-bit nonce and a 128-bit tag. Two engines implement the same {@link Aead}:
 * the JDK's SunJCE provider (hardware AES and GHASH intrinsics; the one the product uses, see
 * BENCHMARKS.md) and Bouncy Castle's lightweight API (pure Java, kept for comparison and as a second
 * implementation the Wycheproof tests check).
 */
public final class AesGcm {
    /** Which implementation performs the AES-GCM operations. */
    public enum Engine { JCE, BOUNCY_CASTLE }

    public static final int KEY_LENGTH = 32;

    private AesGcm() {
    }

    /** AES-GCM under {@code key} (16, 24 or 32 bytes; the product uses 32) with the JDK's provider. */
    public static Aead create(byte[] key) {
        return create(Engine.JCE, key);
    }

    public static Aead create(Engine engine, byte[] key) {
        checkKeyLength(key);
        return engine == Engine.JCE ? new JceAesGcm(key) : new BouncyCastleAesGcm(key);
    }

    private static void checkKeyLength(byte[] key) {
        int n = key.length;
        if (n != 16 && n != 24 && n != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, not " + n);
        }
    }
}
