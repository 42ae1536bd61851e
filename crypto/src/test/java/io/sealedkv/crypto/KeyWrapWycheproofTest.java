package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Wycheproof AES-KW (RFC 3394) and AES-KWP (RFC 5649) vectors through {@link KeyWrap}. */
class KeyWrapWycheproofTest {

    @Test
    void kwVectors() {
        Counts counts = run(KeyWrap.KW, "aes_wrap_test.json");
        assertThat(counts.valid).isEqualTo(36);
        assertThat(counts.invalid).isEqualTo(126);
        assertThat(counts.acceptable).isEqualTo(3);
    }

    @Test
    void kwpVectors() {
        Counts counts = run(KeyWrap.KWP, "aes_kwp_test.json");
        assertThat(counts.valid).isEqualTo(77);
        assertThat(counts.invalid).isEqualTo(177);
    }

    private static Counts run(KeyWrap mode, String file) {
        Counts counts = new Counts();
        for (WycheproofVectors.Case c : WycheproofVectors.load(file)) {
            switch (c.result()) {
                case "valid" -> {
                    checkValid(mode, c);
                    counts.valid++;
                }
                case "invalid" -> {
                    assertThatThrownBy(() -> mode.unwrap(c.hex("key"), c.hex("ct")))
                            .as("%s must not unwrap", c)
                            .isInstanceOf(AuthenticationFailedException.class);
                    counts.invalid++;
                }
                default -> {
                    checkAcceptable(mode, c);
                    counts.acceptable++;
                }
            }
        }
        return counts;
    }

    private static void checkValid(KeyWrap mode, WycheproofVectors.Case c) {
        assertThat(mode.wrap(c.hex("key"), c.hex("msg"))).as("wrap %s", c).isEqualTo(c.hex("ct"));
        assertThat(mode.unwrap(c.hex("key"), c.hex("ct"))).as("unwrap %s", c).isEqualTo(c.hex("msg"));
    }

    /** Acceptable cases may be refused; if they unwrap, the result must be the right key. */
    private static void checkAcceptable(KeyWrap mode, WycheproofVectors.Case c) {
        try {
            assertThat(mode.unwrap(c.hex("key"), c.hex("ct"))).as("unwrap %s", c).isEqualTo(c.hex("msg"));
        } catch (AuthenticationFailedException refused) {
            // refusing a short key is allowed
        }
    }

    private static final class Counts {
        int valid;
        int invalid;
        int acceptable;
    }
}
