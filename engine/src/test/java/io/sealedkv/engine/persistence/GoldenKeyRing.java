package io.sealedkv.engine.persistence;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.KeyRing;
import io.sealedkv.crypto.NonceSequence;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.crypto.UnknownKeyVersionException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Data key versions 1 and 2 with fixed key bytes (never secret: test data only), version 2 primary, so
 * that the golden snapshot files written once with them open in every later build.
 */
final class GoldenKeyRing implements KeyRing {
    private static final int VERSIONS = 2;

    private final Aead[] keys = new Aead[VERSIONS + 1];
    private final ElementTokens[] tokens = new ElementTokens[VERSIONS + 1];
    private final SealingKey[] sealing = new SealingKey[VERSIONS + 1];
    private int primary = VERSIONS;

    GoldenKeyRing() {
        for (int version = 1; version <= VERSIONS; version++) {
            byte[] key = new byte[AesGcm.KEY_LENGTH];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) (31 * i + 7 * version);
            }
            keys[version] = AesGcm.create(key);
            tokens[version] = ElementTokens.derive(version, key);
            AtomicLong counters = new AtomicLong(1000L * version);
            sealing[version] = new SealingKey(version, keys[version],
                    new NonceSequence(counters::getAndAdd, 64, new SecureRandom()));
        }
    }

    /** Makes {@code version} the key new values are sealed under (the generator seals some under 1). */
    GoldenKeyRing primary(int version) {
        forVersion(version);
        primary = version;
        return this;
    }

    @Override
    public SealingKey primary() {
        return sealing[primary];
    }

    @Override
    public Aead forVersion(int version) {
        if (version < 1 || version > VERSIONS) {
            throw new UnknownKeyVersionException(version);
        }
        return keys[version];
    }

    @Override
    public ElementTokens tokens(int version) {
        forVersion(version);
        return tokens[version];
    }
}
