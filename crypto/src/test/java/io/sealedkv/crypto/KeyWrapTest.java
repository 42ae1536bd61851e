package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyWrapTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(KeyWrap.class)
    void aDataKeyRoundTripsAndAWrongKekIsRejected(KeyWrap mode) {
        byte[] kek = new byte[32];
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(kek);
        RANDOM.nextBytes(dataKey);
        byte[] wrapped = mode.wrap(kek, dataKey);
        assertThat(mode.unwrap(kek, wrapped)).isEqualTo(dataKey);
        kek[0] ^= 1;
        assertThatThrownBy(() -> mode.unwrap(kek, wrapped)).isInstanceOf(AuthenticationFailedException.class);
    }
}
