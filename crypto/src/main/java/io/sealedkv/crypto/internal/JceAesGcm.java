package io.sealedkv.crypto.internal;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.SealingException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM through SunJCE. One {@link Cipher} per thread and key: {@code Cipher.getInstance} costs
 * about ten times a small seal, and re-initialising with the same key skips the key schedule.
 */
public final class JceAesGcm implements Aead {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(JceAesGcm::newCipher);

    public JceAesGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public void seal(byte[] nonce, int nonceOffset, byte[] associatedData,
                     byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce, nonceOffset, NONCE_LENGTH));
            cipher.updateAAD(associatedData);
            cipher.doFinal(plaintext, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new SealingException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] open(byte[] nonce, int nonceOffset, byte[] associatedData, byte[] sealed, int offset, int length) {
        if (length < TAG_LENGTH) {
            throw new AuthenticationFailedException("sealed data shorter than the tag");
        }
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce, nonceOffset, NONCE_LENGTH));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, offset, length);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new SealingException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + TRANSFORMATION, e);
        }
    }
}
