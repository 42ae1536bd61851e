package io.sealedkv.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.keystore.file.FileKeystoreProvider;
import io.sealedkv.keystore.memory.MemoryKeystoreProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeystoresTest {
    @Test
    void serviceLoaderFindsBothBuiltInProvidersByName() {
        assertThat(Keystores.provider("file")).isInstanceOf(FileKeystoreProvider.class);
        assertThat(Keystores.provider("memory")).isInstanceOf(MemoryKeystoreProvider.class);
    }

    @Test
    void opensAKeystoreByProviderName() {
        try (Keystore keystore = Keystores.open("memory", Map.of())) {
            assertThat(SealedValue.seal(keystore, "x").open(keystore)).isEqualTo("x");
        }
    }

    @Test
    void unknownProviderNamesTheAvailableOnes() {
        assertThatThrownBy(() -> Keystores.open("vault", Map.of()))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.UNKNOWN_PROVIDER))
                .hasMessageContaining("'vault'").hasMessageContaining("file").hasMessageContaining("memory");
    }
}
