package io.sealedkv.keystore;

import java.util.Map;

/**
 * Service-provider interface for a source of key material (a file, a KMS, an HSM, Vault), found with
 * {@link java.util.ServiceLoader} and chosen by {@link #name()} in the configuration.
 */
public interface KeystoreProvider {
    /** The name the configuration uses to pick this provider, e.g. {@code file} or {@code memory}. */
    String name();

    /**
     * Opens (or, where the settings say so, creates) the keystore described by {@code settings}.
     * Secrets never come through the settings themselves, only where to find them.
     */
    Keystore open(Map<String, String> settings);
}
