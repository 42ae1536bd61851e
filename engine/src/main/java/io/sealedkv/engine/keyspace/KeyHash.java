package io.sealedkv.engine.keyspace;

import java.security.SecureRandom;

/** Hashes key names with a per-process random seed, so clients cannot choose colliding names. */
final class KeyHash {
    private static final int SEED = new SecureRandom().nextInt();

    private KeyHash() {
    }

    static int of(byte[] key) {
        int h = SEED;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
