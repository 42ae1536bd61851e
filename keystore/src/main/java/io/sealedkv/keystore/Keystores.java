package io.sealedkv.keystore;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link KeystoreProvider}s with {@link ServiceLoader} and opens keystores by provider name.
 * The built-in providers are {@code file} (a passphrase-protected keystore file) and {@code memory}
 * (keys that live only in this process, for tests); a deployment adds its own by listing it in
 * {@code META-INF/services/io.sealedkv.keystore.KeystoreProvider}.
 */
public final class Keystores {
    private Keystores() {
    }

    /**
     * Opens the keystore of the provider called {@code providerName} with its settings.
     *
     * @throws KeystoreException with {@link KeystoreException.Reason#UNKNOWN_PROVIDER} if no
     *         provider has that name, or whatever the provider throws
     */
    public static Keystore open(String providerName, Map<String, String> settings) {
        return provider(providerName).open(settings);
    }

    /** The provider called {@code name}. */
    public static KeystoreProvider provider(String name) {
        List<KeystoreProvider> providers = providers();
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new KeystoreException(KeystoreException.Reason.UNKNOWN_PROVIDER,
                        "no keystore provider named '" + name + "' (available: "
                                + providers.stream().map(KeystoreProvider::name).collect(Collectors.joining(", "))
                                + ")"));
    }

    /** Every provider on the class path. */
    public static List<KeystoreProvider> providers() {
        return ServiceLoader.load(KeystoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
    }
}
