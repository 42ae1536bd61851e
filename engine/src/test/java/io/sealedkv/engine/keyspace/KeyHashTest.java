package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyHashTest {
    @Test
    void isSipHash24FoldedTo32BitsOnThePapersVectors() {
        KeyHash paperKey = new KeyHash(sequence(16));

        assertThat(paperKey.hash(sequence(15))).isEqualTo(folded(0xa129ca6149be45e5L));
        assertThat(paperKey.hash(sequence(0))).isEqualTo(folded(0x726fdb47dd0e0e31L));
        assertThat(paperKey.hash(sequence(63))).isEqualTo(folded(0x958a324ceb064572L));
    }

    @Test
    void theSameNameHashesAlikeOnEveryThread() throws InterruptedException {
        byte[] name = "user:42".getBytes();
        int[] elsewhere = new int[1];
        Thread other = new Thread(() -> elsewhere[0] = KeyHash.of(name));
        other.start();
        other.join();

        assertThat(KeyHash.of(name)).isEqualTo(elsewhere[0]);
    }

    @Test
    void aHasherOfItsOwnGivesTheProcessHashAtEveryLength() {
        KeyHasher hasher = Keyspace.hasher();
        for (int length = 0; length <= 40; length++) {
            byte[] name = sequence(length);
            assertThat(hasher.hash(name)).as("length %d", length).isEqualTo(KeyHash.of(name));
        }
    }

    private static int folded(long h) {
        return (int) (h ^ (h >>> 32));
    }

    private static byte[] sequence(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }
}
