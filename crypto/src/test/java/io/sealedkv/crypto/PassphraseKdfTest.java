package io.sealedkv.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PassphraseKdfTest {

    /** RFC 7914 §12, third vector (N = 1024, r = 8, p = 16): the first 32 of its 64 output bytes. */
    @Test
    void matchesTheRfc7914Vector() {
        byte[] out = new PassphraseKdf(10, 8, 16).derive("password".getBytes(US_ASCII), "NaCl".getBytes(US_ASCII));
        assertThat(HexFormat.of().formatHex(out))
                .isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    }

    @Test
    void outOfRangeCostsAreRefused() {
        assertThatThrownBy(() -> new PassphraseKdf(0, 8, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PassphraseKdf(23, 8, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
