package io.sealedkv.keystore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreContract;
import io.sealedkv.keystore.SealedValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryKeystoreTest extends KeystoreContract {
    @Override
    protected Keystore open(Map<String, String> settings) {
        return new MemoryKeystoreProvider().open(settings);
    }

    @Test
    void everyOpenIsANewKeySet() {
        try (Keystore first = open(Map.of()); Keystore second = open(Map.of())) {
            SealedValue value = SealedValue.seal(first, "x");
            assertThat(second.versions()).hasSize(1);
            assertThatThrownBy(() -> value.open(second))
                    .isInstanceOf(AuthenticationFailedException.class);
            assertThatThrownBy(() -> second.forVersion(2)).isInstanceOf(UnknownKeyVersionException.class);
        }
    }
}
