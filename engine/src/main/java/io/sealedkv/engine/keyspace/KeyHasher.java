package io.sealedkv.engine.keyspace;

import org.bouncycastle.crypto.macs.SipHash;

/**
 * {@link Keyspace#hash} with a SipHash instance of its own, for an owner used by one thread at a time
 * (a connection's command context): the same hash, without the thread-local lookup of each call.
 */
public final class KeyHasher {
    private final SipHash sipHash;

    KeyHasher(SipHash sipHash) {
        this.sipHash = sipHash;
    }

    /** The key's {@link Keyspace#hash}. */
    public int hash(byte[] key) {
        return KeyHash.hash(sipHash, key);
    }
}
