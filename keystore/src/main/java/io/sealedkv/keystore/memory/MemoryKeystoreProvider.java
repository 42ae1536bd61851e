package io.sealedkv.keystore.memory;

import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreProvider;
import io.sealedkv.keystore.internal.KeyPersistence;
import io.sealedkv.keystore.internal.KeyVersions;
import io.sealedkv.keystore.internal.NoncePolicy;
import io.sealedkv.keystore.internal.Settings;
import io.sealedkv.keystore.internal.VersionRecord;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Provider {@code memory}: data keys drawn at random when opened that live only in this process, for
 * tests and throwaway caches. Everything behaves as with the {@code file} provider (rotation,
 * automatic rotation, destruction, nonce counters) except that nothing survives {@code close()}: each
 * {@code open} starts a new key set with version 1 as its primary. There is no master key, so
 * {@link Keystore#rotateMasterKey()} has nothing to rewrap and returns at once.
 *
 * <p>Settings: {@code max-seals-per-key} and {@code nonce-block}, as described in
 * {@link NoncePolicy}; any other name is refused.
 */
public final class MemoryKeystoreProvider implements KeystoreProvider {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Keystore open(Map<String, String> settings) {
        NoncePolicy policy = NoncePolicy.from(Settings.of(NAME, settings, NoncePolicy.SETTINGS));
        return KeyVersions.create(new ProcessMemory(), policy, new SecureRandom());
    }

    /** The versions' only home is {@link KeyVersions} itself, so there is nothing to write. */
    private static final class ProcessMemory implements KeyPersistence {
        @Override
        public void write(List<VersionRecord> versions) {
            // the in-memory state KeyVersions keeps is the whole store
        }

        @Override
        public void rotateMaster(List<VersionRecord> versions) {
            // no master key: the data keys are never wrapped
        }

        @Override
        public void close() {
            // holds no lock and no key material of its own
        }
    }
}
