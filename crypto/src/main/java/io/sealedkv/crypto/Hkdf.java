package io.sealedkv.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA-256 (RFC 5869): derives independent sub-keys from one secret, one per purpose label. */
public final class Hkdf {
    /** RFC 5869 caps the output at 255 hash lengths. */
    public static final int MAX_OUTPUT = 255 * 32;

    private Hkdf() {
    }

    public static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF-SHA-256 output must be 0.." + MAX_OUTPUT + " bytes, not " + length);
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
