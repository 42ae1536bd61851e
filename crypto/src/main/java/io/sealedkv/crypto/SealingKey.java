package io.sealedkv.crypto;

import java.util.Objects;

/** The primary data key as a sealer sees it: its version, its cipher and its nonce sequence. */
public final class SealingKey {
    private final int version;
    private final Aead aead;
    private final NonceSequence nonces;

    public SealingKey(int version, Aead aead, NonceSequence nonces) {
        this.version = version;
        this.aead = Objects.requireNonNull(aead, "aead");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    public int version() {
        return version;
    }

    public Aead aead() {
        return aead;
    }

    public NonceSequence nonces() {
        return nonces;
    }
}
