package io.sealedkv.crypto.internal;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.SealingException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-GCM through Bouncy Castle's lightweight API, one cipher object per thread. */
public final class BouncyCastleAesGcm implements Aead {
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final KeyParameter key;
    private final ThreadLocal<GCMModeCipher> ciphers =
            ThreadLocal.withInitial(() -> GCMBlockCipher.newInstance(AESEngine.newInstance()));

    public BouncyCastleAesGcm(byte[] key) {
        this.key = new KeyParameter(key.clone());
    }

    @Override
    public void seal(byte[] nonce, int nonceOffset, byte[] associatedData,
                     byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        GCMModeCipher cipher = init(true, nonce, nonceOffset, associatedData);
        int n = cipher.processBytes(plaintext, offset, length, out, outOffset);
        try {
            cipher.doFinal(out, outOffset + n);
        } catch (InvalidCipherTextException e) {
            throw new SealingException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] open(byte[] nonce, int nonceOffset, byte[] associatedData, byte[] sealed, int offset, int length) {
        if (length < TAG_LENGTH) {
            throw new AuthenticationFailedException("sealed data shorter than the tag");
        }
        GCMModeCipher cipher = init(false, nonce, nonceOffset, associatedData);
        byte[] plaintext = new byte[length - TAG_LENGTH];
        int n = cipher.processBytes(sealed, offset, length, plaintext, 0);
        try {
            cipher.doFinal(plaintext, n);
            return plaintext;
        } catch (InvalidCipherTextException e) {
            throw new AuthenticationFailedException("authentication tag mismatch", e);
        }
    }

    private GCMModeCipher init(boolean encrypt, byte[] nonce, int nonceOffset, byte[] associatedData) {
        byte[] iv = new byte[NONCE_LENGTH];
        System.arraycopy(nonce, nonceOffset, iv, 0, NONCE_LENGTH);
        GCMModeCipher cipher = ciphers.get();
        cipher.init(encrypt, new AEADParameters(key, TAG_BITS, iv, associatedData));
        return cipher;
    }
}
