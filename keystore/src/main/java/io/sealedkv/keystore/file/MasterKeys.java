package io.sealedkv.keystore.file;

import io.sealedkv.crypto.Hkdf;
import io.sealedkv.crypto.PassphraseKdf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The sub-keys of one master secret. The master secret is scrypt of the passphrase under the file's
 * salt and cost; HKDF-SHA-256 then derives three independent 32-byte keys, each under its own label
 * (see {@link KeystoreFileFormat}): the key-encryption key that wraps data keys, the key of the file's
 * authentication code, and the passphrase verifier stored in the file. The master secret itself is
 * erased as soon as they are derived.
 */
final class MasterKeys {
    static final int KEY_LENGTH = 32;

    final PassphraseKdf kdf;
    final byte[] salt;
    final byte[] kek;
    final byte[] macKey;
    final byte[] verifier;

    private MasterKeys(PassphraseKdf kdf, byte[] salt, byte[] kek, byte[] macKey, byte[] verifier) {
        this.kdf = kdf;
        this.salt = salt;
        this.kek = kek;
        this.macKey = macKey;
        this.verifier = verifier;
    }

    static MasterKeys derive(Passphrase passphrase, PassphraseKdf kdf, byte[] salt) {
        byte[] master = kdf.derive(passphrase.bytes(), salt);
        try {
            return new MasterKeys(kdf, salt.clone(),
                    subKey(master, "key-encryption key"),
                    subKey(master, "file authentication key"),
                    subKey(master, "passphrase verifier"));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** Keys under a fresh random salt: a new master secret even for the same passphrase. */
    static MasterKeys generate(Passphrase passphrase, PassphraseKdf kdf, SecureRandom random) {
        byte[] salt = new byte[PassphraseKdf.SALT_LENGTH];
        random.nextBytes(salt);
        return derive(passphrase, kdf, salt);
    }

    void destroy() {
        Arrays.fill(kek, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(verifier, (byte) 0);
    }

    private static byte[] subKey(byte[] master, String purpose) {
        byte[] info = (KeystoreFileFormat.LABEL_PREFIX + purpose).getBytes(StandardCharsets.US_ASCII);
        return Hkdf.sha256(master, null, info, KEY_LENGTH);
    }
}
