package io.sealedkv.engine.keyspace;

import java.security.SecureRandom;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Hashes key names with SipHash-2-4 under a random 128-bit key per process: KEYS and SCAN reveal
 * bucket order, so without a keyed hash of this strength clients could build names that collide and
 * turn every lookup into a walk along one chain. One SipHash instance per thread, as it keeps state;
 * hashing allocates nothing.
 */
final class KeyHash {
    private static final KeyHash PROCESS = new KeyHash(randomKey());

    private final KeyParameter parameter;
    private final ThreadLocal<SipHash> sipHash;

    KeyHash(byte[] key) {
        parameter = new KeyParameter(key);
        sipHash = ThreadLocal.withInitial(this::newSipHash);
    }

    static int of(byte[] key) {
        return PROCESS.hash(key);
    }

    /** The hash of the name held by the first {@code length} bytes of {@code buffer}. */
    static int of(byte[] buffer, int length) {
        return hash(PROCESS.sipHash.get(), buffer, length);
    }

    /** A hasher of the process's key for one thread at a time, which hashes without a thread-local lookup. */
    static KeyHasher hasher() {
        return new KeyHasher(PROCESS.newSipHash());
    }

    int hash(byte[] name) {
        return hash(sipHash.get(), name);
    }

    static int hash(SipHash hash, byte[] name) {
        return hash(hash, name, name.length);
    }

    private static int hash(SipHash hash, byte[] name, int length) {
        hash.update(name, 0, length);
        long h = hash.doFinal();
        return (int) (h ^ (h >>> 32));
    }

    private SipHash newSipHash() {
        SipHash hash = new SipHash(2, 4);
        hash.init(parameter);
        return hash;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
