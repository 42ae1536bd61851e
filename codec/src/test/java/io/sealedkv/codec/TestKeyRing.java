package io.sealedkv.codec;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.KeyRing;
import io.sealedkv.crypto.NonceSequence;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.crypto.UnknownKeyVersionException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A key ring in memory for the codec's tests (the keystore module is out of reach from here). */
public final class TestKeyRing implements KeyRing {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<Integer, Aead> keys = new ConcurrentHashMap<>();
    private final Map<Integer, ElementTokens> tokens = new ConcurrentHashMap<>();
    private final Set<Integer> destroyed = ConcurrentHashMap.newKeySet();
    private volatile SealingKey primary;

    public static TestKeyRing withRandomKey() {
        TestKeyRing ring = new TestKeyRing();
        ring.rotate();
        return ring;
    }

    /** Adds {@code version} with these key bytes and makes it the primary. */
    public TestKeyRing add(int version, byte[] key) {
        Aead aead = AesGcm.create(key);
        keys.put(version, aead);
        tokens.put(version, ElementTokens.derive(version, key));
        AtomicLong counters = new AtomicLong();
        primary = new SealingKey(version, aead, new NonceSequence(counters::getAndAdd, 1024, RANDOM));
        return this;
    }

    /** Adds the next version with a random key, makes it the primary and returns it. */
    public int rotate() {
        int version = primary == null ? 1 : primary.version() + 1;
        byte[] key = new byte[AesGcm.KEY_LENGTH];
        RANDOM.nextBytes(key);
        add(version, key);
        return version;
    }

    public void destroy(int version) {
        destroyed.add(version);
        keys.remove(version);
        tokens.remove(version);
    }

    @Override
    public SealingKey primary() {
        return primary;
    }

    @Override
    public Aead forVersion(int version) {
        if (destroyed.contains(version)) {
            throw new DestroyedKeyVersionException(version);
        }
        Aead aead = keys.get(version);
        if (aead == null) {
            throw new UnknownKeyVersionException(version);
        }
        return aead;
    }

    @Override
    public ElementTokens tokens(int version) {
        forVersion(version);
        return tokens.get(version);
    }
}
