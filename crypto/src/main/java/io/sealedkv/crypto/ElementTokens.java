package io.sealedkv.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed deterministic tokens of collection elements (hash fields, set and sorted-set members): equal
 * elements give equal tokens, so the engine finds an element by its token without holding it in
 * clear, and without the token key nobody can compute or invert one. A token is HMAC-SHA-256 truncated
 * to {@value #LENGTH} bytes, under a token key derived with HKDF from one data key version, so
 * destroying that version destroys its token key too. Thread-safe.
 *
 * <p>What a token reveals: equality of two elements under the same token key, nothing else.
 */
public final class ElementTokens {
    public static final int LENGTH = 16;
    private static final byte[] INFO = "sealedkv element tokens v1".getBytes(StandardCharsets.US_ASCII);
    private static final String ALGORITHM = "HmacSHA256";

    private final int version;
    private final ThreadLocal<Mac> macs;

    private ElementTokens(int version, byte[] tokenKey) {
        this.version = version;
        SecretKeySpec spec = new SecretKeySpec(tokenKey, ALGORITHM);
        Arrays.fill(tokenKey, (byte) 0);
        this.macs = ThreadLocal.withInitial(() -> newMac(spec));
    }

    /** The token function of data key {@code version}, whose key bytes are {@code dataKey} (not kept). */
    public static ElementTokens derive(int version, byte[] dataKey) {
        return new ElementTokens(version, Hkdf.sha256(dataKey, null, INFO, 32));
    }

    /** The data key version this token key is derived from. */
    public int version() {
        return version;
    }

    /** The {@value #LENGTH}-byte token of {@code element}. */
    public byte[] token(byte[] element) {
        return token(element, 0, element.length);
    }

    /** The token of {@code length} bytes of {@code data} from {@code offset}. */
    public byte[] token(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        return Arrays.copyOf(mac.doFinal(), LENGTH);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
