package io.sealedkv.engine.testing;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * A minimal AES-GCM codec for engine tests: random nonce, associated data = database id and key.
 * It stands in for the product codec so engine tests exercise real sealing without its pipeline.
 */
public final class TestCodec implements ValueCodec {
    private final SecureRandom random = new SecureRandom();
    private final Aead aead;

    public TestCodec() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        aead = AesGcm.create(key);
    }

    @Override
    public byte[] seal(SealContext context, byte[] plaintext) {
        byte[] out = new byte[Aead.NONCE_LENGTH + plaintext.length + Aead.TAG_LENGTH];
        byte[] nonce = new byte[Aead.NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        aead.seal(nonce, 0, associatedData(context), plaintext, 0, plaintext.length, out, Aead.NONCE_LENGTH);
        return out;
    }

    @Override
    public byte[] open(SealContext context, byte[] sealed) {
        return aead.open(sealed, 0, associatedData(context), sealed, Aead.NONCE_LENGTH,
                sealed.length - Aead.NONCE_LENGTH);
    }

    @Override
    public int keyVersion(byte[] sealed) {
        return 1;
    }

    private static byte[] associatedData(SealContext context) {
        byte[] key = context.key();
        return ByteBuffer.allocate(8 + key.length).putLong(context.database()).put(key).array();
    }
}
