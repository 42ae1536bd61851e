package io.sealedkv.engine.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Hashes key names with SipHash-2-4 under a random 128-bit key per process: KEYS and SCAN reveal
 * bucket order, so without a keyed hash of this strength clients could build names that collide and
 * turn every lookup into a walk along one chain.
 *
 * <p>The function is written out here over the name's 8-byte little-endian words, rather than through
 * a stateful MAC object fed byte by byte: every lookup and write hashes its key, and this runs in a
 * fraction of the time, keeps no per-thread state and allocates nothing.
 */
final class KeyHash {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final KeyHash PROCESS = new KeyHash(randomKey());

    private final long k0;
    private final long k1;

    KeyHash(byte[] key) {
        k0 = (long) WORDS.get(key, 0);
        k1 = (long) WORDS.get(key, 8);
    }

    static int of(byte[] key) {
        return PROCESS.hash(key);
    }

    int hash(byte[] name) {
        long h = sipHash24(name);
        return (int) (h ^ (h >>> 32));
    }

    /** SipHash-2-4 of {@code data}: two rounds per word, four to finish, as the paper defines it. */
    long sipHash24(byte[] data) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int length = data.length;
        int wordsEnd = length & ~7;
        for (int i = 0; i <= wordsEnd; i += 8) {
            long m = i < wordsEnd ? (long) WORDS.get(data, i) : lastWord(data, wordsEnd);
            v3 ^= m;
            for (int round = 0; round < 2; round++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** The final word: the bytes after the last whole word, and the length's low byte on top. */
    private static long lastWord(byte[] data, int from) {
        long word = (long) data.length << 56;
        for (int i = from; i < data.length; i++) {
            word |= (data[i] & 0xffL) << ((i - from) * 8);
        }
        return word;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
