package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AesGcmTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Property(tries = 200)
    void bothEnginesProduceTheSameBytesAndOpenEachOther(@ForAll @Size(max = 2000) byte[] plaintext,
                                                        @ForAll @Size(max = 40) byte[] aad) {
        byte[] key = random(32);
        byte[] nonce = random(12);
        byte[] jce = seal(AesGcm.create(AesGcm.Engine.JCE, key), nonce, aad, plaintext);
        byte[] bc = seal(AesGcm.create(AesGcm.Engine.BOUNCY_CASTLE, key), nonce, aad, plaintext);
        assertThat(jce).isEqualTo(bc).hasSize(plaintext.length + Aead.TAG_LENGTH);
        assertThat(AesGcm.create(AesGcm.Engine.BOUNCY_CASTLE, key).open(nonce, 0, aad, jce, 0, jce.length))
                .isEqualTo(plaintext);
    }

    @Test
    void changedAssociatedDataIsRejected() {
        Aead aead = AesGcm.create(random(32));
        byte[] nonce = random(12);
        byte[] sealed = seal(aead, nonce, new byte[] {1}, new byte[] {42});
        assertThatThrownBy(() -> aead.open(nonce, 0, new byte[] {2}, sealed, 0, sealed.length))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void inputShorterThanTheTagIsRejectedByBothEngines() {
        for (AesGcm.Engine engine : AesGcm.Engine.values()) {
            Aead aead = AesGcm.create(engine, random(32));
            assertThatThrownBy(() -> aead.open(random(12), 0, new byte[0], new byte[15], 0, 15))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> AesGcm.create(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] seal(Aead aead, byte[] nonce, byte[] aad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + Aead.TAG_LENGTH];
        aead.seal(nonce, 0, aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
