package io.sealedkv.crypto;

import org.bouncycastle.crypto.generators.SCrypt;

/**
 * scrypt (RFC 7914) from Bouncy Castle: turns a passphrase into a 256-bit master secret. The cost
 * parameters are stored beside the salt, so a file written with one cost still opens after the
 * default changes.
 *
 * @param log2N CPU/memory cost as a power of two (OWASP: 17, about 128 MiB with r = 8)
 * @param r     block size
 * @param p     parallelism
 */
public record PassphraseKdf(int log2N, int r, int p) {
    /** OWASP's recommendation for scrypt: N = 2^17, r = 8, p = 1. */
    public static final PassphraseKdf RECOMMENDED = new PassphraseKdf(17, 8, 1);
    public static final int SALT_LENGTH = 16;
    public static final int OUTPUT_LENGTH = 32;

    public PassphraseKdf {
        if (log2N < 1 || log2N > 22 || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new IllegalArgumentException("scrypt parameters out of range: log2N=" + log2N + " r=" + r + " p=" + p);
        }
    }

    /** Derives the master secret, {@link #OUTPUT_LENGTH} bytes, from the passphrase's bytes (the caller normalises and
     * encodes them) and a salt ({@link #SALT_LENGTH} random bytes in the keystore). */
    public byte[] derive(byte[] passphrase, byte[] salt) {
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt must not be empty");
        }
        return SCrypt.generate(passphrase, salt, 1 << log2N, r, p, OUTPUT_LENGTH);
    }
}
