package io.sealedkv.codec.v1;

import io.sealedkv.codec.SealContext;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Version 1 envelopes written and read straight from the layout in {@link EnvelopeV1}'s Javadoc with
 * the JDK's AES-GCM: a second, independent implementation of the spec to hold the codec to it.
 */
final class SpecEnvelope {
    private SpecEnvelope() {
    }

    static byte[] seal(byte[] key, int keyVersion, int flags, byte[] nonce, SealContext context, byte[] payload)
            throws GeneralSecurityException {
        byte[] header = ByteBuffer.allocate(18).put((byte) 0x01).put((byte) flags).putInt(keyVersion).put(nonce).array();
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData(header, context));
        byte[] body = cipher.doFinal(payload);
        return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
    }

    /** The payload of a sealed value: the plaintext, or its LZF form if flag bit 0 is set. */
    static byte[] openPayload(byte[] key, SealContext context, byte[] envelope) throws GeneralSecurityException {
        byte[] nonce = Arrays.copyOfRange(envelope, 6, 18);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData(envelope, context));
        return cipher.doFinal(envelope, 18, envelope.length - 18);
    }

    private static byte[] associatedData(byte[] envelope, SealContext context) {
        return ByteBuffer.allocate(6 + 8 + context.key().length)
                .put(envelope, 0, 6)
                .putLong(context.database())
                .put(context.key())
                .array();
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
