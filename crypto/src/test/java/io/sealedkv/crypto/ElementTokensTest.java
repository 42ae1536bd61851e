package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class ElementTokensTest {
    private static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < DATA_KEY.length; i++) {
            DATA_KEY[i] = (byte) i;
        }
    }

    @Test
    void tokenIsTruncatedHmacSha256UnderTheHkdfDerivedKey() {
        byte[] element = "field".getBytes(StandardCharsets.UTF_8);
        byte[] tokenKey = Hkdf.sha256(DATA_KEY, null, "sealedkv element tokens v1".getBytes(StandardCharsets.US_ASCII), 32);
        HMac reference = new HMac(new SHA256Digest());
        reference.init(new KeyParameter(tokenKey));
        reference.update(element, 0, element.length);
        byte[] full = new byte[32];
        reference.doFinal(full, 0);

        byte[] token = ElementTokens.derive(1, DATA_KEY.clone()).token(element);

        assertThat(token).hasSize(ElementTokens.LENGTH).isEqualTo(Arrays.copyOf(full, 16));
    }

    @Test
    void equalElementsGiveEqualTokensAndDifferentOnesDiffer() {
        ElementTokens tokens = ElementTokens.derive(3, DATA_KEY.clone());
        assertThat(tokens.token(new byte[] {1, 2})).isEqualTo(tokens.token(new byte[] {1, 2}));
        assertThat(tokens.token(new byte[] {1, 2})).isNotEqualTo(tokens.token(new byte[] {1, 3}));
        assertThat(tokens.token(new byte[0])).hasSize(ElementTokens.LENGTH);
        assertThat(tokens.token(new byte[] {9, 1, 2, 9}, 1, 2)).isEqualTo(tokens.token(new byte[] {1, 2}));
        assertThat(tokens.version()).isEqualTo(3);
    }

    @Test
    void derivationDoesNotKeepTheCallersKeyAndOtherKeysGiveOtherTokens() {
        byte[] key = DATA_KEY.clone();
        byte[] one = ElementTokens.derive(1, key).token(new byte[] {7});
        assertThat(key).isEqualTo(DATA_KEY);
        byte[] other = DATA_KEY.clone();
        other[0] ^= 1;
        assertThat(ElementTokens.derive(1, other).token(new byte[] {7})).isNotEqualTo(one);
    }
}
