package io.sealedkv.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.crypto.UnknownKeyVersionException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every keystore provider shares; one subclass per provider runs it. */
public abstract class KeystoreContract {
    /** Opens a new keystore of the provider under test with {@code settings} added to its own. */
    protected abstract Keystore open(Map<String, String> settings);

    @Test
    void newKeystoreHasOnePrimaryThatSealsAndOpens() {
        try (Keystore keystore = open(Map.of())) {
            assertThat(keystore.versions()).singleElement().satisfies(v -> {
                assertThat(v.version()).isEqualTo(1);
                assertThat(v.state()).isEqualTo(KeyState.PRIMARY);
            });
            SealedValue value = SealedValue.seal(keystore, "hello");
            assertThat(value.version()).isEqualTo(1);
            assertThat(value.open(keystore)).isEqualTo("hello");
        }
    }

    @Test
    void rotationMakesANewPrimaryAndOldVersionsStillOpen() {
        try (Keystore keystore = open(Map.of())) {
            SealedValue first = SealedValue.seal(keystore, "one");
            KeyVersionInfo rotated = keystore.rotate();
            SealedValue second = SealedValue.seal(keystore, "two");

            assertThat(rotated.version()).isEqualTo(2);
            assertThat(second.version()).isEqualTo(2);
            assertThat(first.open(keystore)).isEqualTo("one");
            assertThat(second.open(keystore)).isEqualTo("two");
            assertThat(keystore.versions()).extracting(KeyVersionInfo::state)
                    .containsExactly(KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
        }
    }

    @Test
    void versionsHaveDistinctKeys() {
        try (Keystore keystore = open(Map.of())) {
            SealedValue first = SealedValue.seal(keystore, "one");
            keystore.rotate();
            SealedValue underWrongKey = new SealedValue(2, first.nonce(), first.sealed());
            assertThatThrownBy(() -> underWrongKey.open(keystore))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void elementTokensAreStablePerVersionDistinctAcrossVersionsAndDestroyedWithTheirVersion() {
        try (Keystore keystore = open(Map.of())) {
            byte[] element = "member".getBytes(StandardCharsets.UTF_8);
            byte[] first = keystore.tokens(1).token(element);
            assertThat(keystore.tokens(1).token(element.clone())).isEqualTo(first).hasSize(ElementTokens.LENGTH);
            keystore.rotate();
            assertThat(keystore.tokens(2).token(element)).isNotEqualTo(first);
            assertThat(keystore.tokens(1).token(element)).isEqualTo(first);
            keystore.destroy(1);
            assertThatThrownBy(() -> keystore.tokens(1)).isInstanceOf(DestroyedKeyVersionException.class);
            assertThatThrownBy(() -> keystore.tokens(9)).isInstanceOf(UnknownKeyVersionException.class);
        }
    }

    @Test
    void destroyedVersionNeverOpensAgain() {
        try (Keystore keystore = open(Map.of())) {
            SealedValue value = SealedValue.seal(keystore, "secret");
            keystore.rotate();
            keystore.destroy(1);

            assertThatThrownBy(() -> value.open(keystore)).isInstanceOf(DestroyedKeyVersionException.class);
            assertThat(keystore.versions()).extracting(KeyVersionInfo::state)
                    .containsExactly(KeyState.DESTROYED, KeyState.PRIMARY);
        }
    }

    @Test
    void destroyRefusesThePrimaryADestroyedAndAnUnknownVersion() {
        try (Keystore keystore = open(Map.of())) {
            assertThatThrownBy(() -> keystore.destroy(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("primary");
            keystore.rotate();
            keystore.destroy(1);
            assertThatThrownBy(() -> keystore.destroy(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already destroyed");
            assertThatThrownBy(() -> keystore.destroy(7)).isInstanceOf(UnknownKeyVersionException.class);
            assertThat(keystore.versions()).hasSize(2);
        }
    }

    @Test
    void unknownVersionIsReportedAsUnknown() {
        try (Keystore keystore = open(Map.of())) {
            assertThatThrownBy(() -> keystore.forVersion(2)).isInstanceOf(UnknownKeyVersionException.class);
            assertThatThrownBy(() -> keystore.forVersion(0)).isInstanceOf(UnknownKeyVersionException.class);
        }
    }

    @Test
    void primaryRotatesAutomaticallyAtTheSealLimit() {
        try (Keystore keystore = open(Map.of("max-seals-per-key", "5", "nonce-block", "2"))) {
            List<SealedValue> values = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                values.add(SealedValue.seal(keystore, "v" + i));
            }
            assertThat(values).extracting(SealedValue::version)
                    .containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3);
            assertThat(keystore.versions()).extracting(KeyVersionInfo::state)
                    .containsExactly(KeyState.DECRYPT_ONLY, KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
            assertThat(keystore.versions()).extracting(KeyVersionInfo::sealCount).containsExactly(5L, 5L, 2L);
            for (int i = 0; i < values.size(); i++) {
                assertThat(values.get(i).open(keystore)).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void primaryKeepsItsVersionBelowTheLimit() {
        try (Keystore keystore = open(Map.of("max-seals-per-key", "5"))) {
            SealingKey key = keystore.primary();
            byte[] nonce = new byte[Aead.NONCE_LENGTH];
            for (int i = 0; i < 4; i++) {
                key.nonces().next(nonce, 0);
            }
            assertThat(keystore.primary().version()).isEqualTo(1);
            key.nonces().next(nonce, 0);
            assertThat(keystore.primary().version()).isEqualTo(2);
        }
    }

    @Test
    void concurrentSealersNeverShareACounter() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Keystore keystore = open(Map.of("nonce-block", "16"))) {
            SealingKey key = keystore.primary();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> counters(key, perThread)));
                }
                Set<Long> all = new HashSet<>();
                for (Future<List<Long>> result : results) {
                    all.addAll(result.get());
                }
                assertThat(all).hasSize(threads * perThread);
            } finally {
                pool.shutdown();
            }
            assertThat(keystore.versions().get(0).sealCount()).isEqualTo(threads * perThread);
        }
    }

    @Test
    void masterKeyRotationKeepsEveryVersion() {
        try (Keystore keystore = open(Map.of())) {
            SealedValue first = SealedValue.seal(keystore, "one");
            keystore.rotate();
            List<KeyVersionInfo> before = keystore.versions();
            keystore.rotateMasterKey();
            assertThat(keystore.versions()).isEqualTo(before);
            assertThat(first.open(keystore)).isEqualTo("one");
        }
    }

    @Test
    void closedKeystoreRefusesEverything() {
        Keystore keystore = open(Map.of());
        keystore.close();
        keystore.close();
        assertThatThrownBy(keystore::primary).isInstanceOf(IllegalStateException.class).hasMessage("keystore is closed");
        assertThatThrownBy(() -> keystore.forVersion(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(keystore::rotate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(keystore::versions).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownSettingIsRefusedByName() {
        assertThatThrownBy(() -> open(Map.of("max-seal-per-key", "5")))
                .isInstanceOfSatisfying(KeystoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.INVALID_SETTING))
                .hasMessageContaining("max-seal-per-key");
    }

    @Test
    void badNumbersAreRefusedByName() {
        for (String bad : new String[] {"0", "-1", "2^31", "lots"}) {
            assertThatThrownBy(() -> open(Map.of("nonce-block", bad)))
                    .isInstanceOfSatisfying(KeystoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.INVALID_SETTING))
                    .hasMessageContaining("nonce-block").hasMessageContaining(bad);
        }
    }

    /** The 64-bit counter part of each nonce issued. */
    protected static List<Long> counters(SealingKey key, int count) {
        List<Long> counters = new ArrayList<>(count);
        byte[] nonce = new byte[Aead.NONCE_LENGTH];
        for (int i = 0; i < count; i++) {
            key.nonces().next(nonce, 0);
            counters.add(ByteBuffer.wrap(nonce, 4, 8).getLong());
        }
        return counters;
    }
}
