package io.sealedkv.keystore;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.KeyRing;
import io.sealedkv.crypto.SealingKey;
import java.nio.charset.StandardCharsets;

/** A value sealed the way the codec does it (nonce from the primary's sequence), for keystore tests. */
public record SealedValue(int version, byte[] nonce, byte[] sealed) {
    private static final byte[] ASSOCIATED_DATA = "keystore test".getBytes(StandardCharsets.US_ASCII);

    public static SealedValue seal(KeyRing ring, String plaintext) {
        SealingKey key = ring.primary();
        byte[] nonce = new byte[Aead.NONCE_LENGTH];
        key.nonces().next(nonce, 0);
        byte[] in = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length + Aead.TAG_LENGTH];
        key.aead().seal(nonce, 0, ASSOCIATED_DATA, in, 0, in.length, out, 0);
        return new SealedValue(key.version(), nonce, out);
    }

    /** Opens with exactly the version the value names, as the codec does. */
    public String open(KeyRing ring) {
        byte[] plain = ring.forVersion(version).open(nonce, 0, ASSOCIATED_DATA, sealed, 0, sealed.length);
        return new String(plain, StandardCharsets.UTF_8);
    }
}
