package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Wycheproof HKDF-SHA-256 vectors through {@link Hkdf}. */
class HkdfWycheproofTest {

    @Test
    void everyVectorPasses() {
        int valid = 0;
        int invalid = 0;
        for (WycheproofVectors.Case c : WycheproofVectors.load("hkdf_sha256_test.json")) {
            int size = c.test().get("size").asInt();
            if (c.result().equals("valid")) {
                assertThat(Hkdf.sha256(c.hex("ikm"), c.hex("salt"), c.hex("info"), size))
                        .as("%s", c).isEqualTo(c.hex("okm"));
                valid++;
            } else {
                assertThatThrownBy(() -> Hkdf.sha256(c.hex("ikm"), c.hex("salt"), c.hex("info"), size))
                        .as("%s", c).isInstanceOf(IllegalArgumentException.class);
                invalid++;
            }
        }
        assertThat(valid).isEqualTo(83);
        assertThat(invalid).isEqualTo(3);
    }
}
