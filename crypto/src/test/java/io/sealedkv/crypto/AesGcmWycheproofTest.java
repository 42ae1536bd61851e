package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Wycheproof AES-GCM vector against both engines. Our {@link Aead} takes only 96-bit nonces
 * and 128-bit tags: invalid vectors with other sizes count as rejected; valid ones are skipped and
 * counted as skips, never as passes.
 */
class AesGcmWycheproofTest {
    private static final List<WycheproofVectors.Case> CASES = WycheproofVectors.load("aes_gcm_test.json");

    @ParameterizedTest
    @EnumSource(AesGcm.Engine.class)
    void everyApplicableVectorPasses(AesGcm.Engine engine) {
        int valid = 0;
        int invalid = 0;
        int skipped = 0;
        for (WycheproofVectors.Case c : CASES) {
            boolean applicable = c.groupInt("ivSize") == 96 && c.groupInt("tagSize") == 128;
            boolean isValid = c.result().equals("valid");
            if (!applicable) {
                skipped += isValid ? 1 : 0;
                invalid += isValid ? 0 : 1;
                continue;
            }
            if (isValid) {
                checkValid(engine, c);
                valid++;
            } else {
                checkInvalid(engine, c);
                invalid++;
            }
        }
        assertThat(valid).as("valid vectors run").isEqualTo(116);
        assertThat(invalid + valid + skipped).isEqualTo(CASES.size());
        assertThat(invalid).as("invalid vectors rejected").isEqualTo(87);
    }

    private static void checkValid(AesGcm.Engine engine, WycheproofVectors.Case c) {
        Aead aead = AesGcm.create(engine, c.hex("key"));
        byte[] msg = c.hex("msg");
        byte[] expected = concat(c.hex("ct"), c.hex("tag"));
        byte[] out = new byte[msg.length + Aead.TAG_LENGTH];
        aead.seal(c.hex("iv"), 0, c.hex("aad"), msg, 0, msg.length, out, 0);
        assertThat(out).as("encrypt %s", c).isEqualTo(expected);
        byte[] opened = AesGcm.create(engine, c.hex("key")).open(c.hex("iv"), 0, c.hex("aad"), expected, 0, expected.length);
        assertThat(opened).as("decrypt %s", c).isEqualTo(msg);
    }

    private static void checkInvalid(AesGcm.Engine engine, WycheproofVectors.Case c) {
        Aead aead = AesGcm.create(engine, c.hex("key"));
        byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
        assertThatThrownBy(() -> aead.open(c.hex("iv"), 0, c.hex("aad"), sealed, 0, sealed.length))
                .as("%s must not decrypt", c)
                .isInstanceOf(AuthenticationFailedException.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
