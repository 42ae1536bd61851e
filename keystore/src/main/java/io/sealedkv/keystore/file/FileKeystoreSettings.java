package io.sealedkv.keystore.file;

import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.NoncePolicy;
import io.sealedkv.keystore.internal.Settings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings of provider {@code file}; any name not listed is refused.
 * <ul>
 *   <li>{@code path} (required): the keystore file. Its lock file is {@code <path>.lock}.</li>
 *   <li>{@code create} ({@code false}): {@code true} creates the file, with version 1 as primary, if
 *       it does not exist; an existing file is opened as usual.</li>
 *   <li>{@code passphrase-env} ({@value #DEFAULT_PASSPHRASE_ENV}): the environment variable holding
 *       the passphrase.</li>
 *   <li>{@code passphrase-file}: a file holding the passphrase instead; setting both is refused.
 *       See {@link Passphrase} for the exact rules.</li>
 *   <li>{@code kdf-log2n} (17, OWASP's recommendation; 10 to 20): scrypt's cost for files created or
 *       re-keyed from now on (r = 8, p = 1). Existing files keep the cost they were written with until
 *       their master key is rotated.</li>
 *   <li>{@code allow-insecure-permissions} ({@code false}): {@code true} opens a keystore file that
 *       group or others can access, with a warning, instead of refusing it.</li>
 *   <li>{@code read-only} ({@code false}): {@code true} opens an existing file without taking its lock,
 *       so while a server holds it; the keystore then opens sealed data but refuses, with reason
 *       {@code READ_ONLY}, everything that writes the file: rotating, destroying, changing the passphrase
 *       or master key, and sealing (which reserves nonces). Refused together with {@code create}.</li>
 *   <li>{@code max-seals-per-key} and {@code nonce-block}: see {@link NoncePolicy}.</li>
 * </ul>
 */
public record FileKeystoreSettings(Path path, boolean create, Optional<String> passphraseEnv,
                                   Optional<Path> passphraseFile, PassphraseKdf kdf,
                                   boolean allowInsecurePermissions, boolean readOnly, NoncePolicy noncePolicy) {
    public static final String PATH = "path";
    public static final String CREATE = "create";
    public static final String PASSPHRASE_ENV = "passphrase-env";
    public static final String PASSPHRASE_FILE = "passphrase-file";
    public static final String KDF_LOG2N = "kdf-log2n";
    public static final String ALLOW_INSECURE_PERMISSIONS = "allow-insecure-permissions";
    public static final String READ_ONLY = "read-only";
    public static final String DEFAULT_PASSPHRASE_ENV = "SEALEDKV_KEYSTORE_PASSPHRASE";
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;

    /** @throws KeystoreException with reason INVALID_SETTING for an unknown name or a bad value */
    public static FileKeystoreSettings from(Map<String, String> values) {
        Set<String> known = new HashSet<>(NoncePolicy.SETTINGS);
        known.addAll(Set.of(PATH, CREATE, PASSPHRASE_ENV, PASSPHRASE_FILE, KDF_LOG2N, ALLOW_INSECURE_PERMISSIONS,
                READ_ONLY));
        Settings settings = Settings.of(FileKeystoreProvider.NAME, values, known);
        if (settings.optional(PASSPHRASE_ENV).isPresent() && settings.optional(PASSPHRASE_FILE).isPresent()) {
            throw new KeystoreException(Reason.INVALID_SETTING,
                    "set either " + PASSPHRASE_ENV + " or " + PASSPHRASE_FILE + ", not both");
        }
        if (settings.bool(CREATE, false) && settings.bool(READ_ONLY, false)) {
            throw new KeystoreException(Reason.INVALID_SETTING, "set either " + CREATE + " or " + READ_ONLY + ", not both");
        }
        return new FileKeystoreSettings(
                Path.of(settings.required(PATH)),
                settings.bool(CREATE, false),
                settings.optional(PASSPHRASE_ENV),
                settings.optional(PASSPHRASE_FILE).map(Path::of),
                new PassphraseKdf((int) settings.number(KDF_LOG2N, PassphraseKdf.RECOMMENDED.log2N(), 10, 20),
                        SCRYPT_R, SCRYPT_P),
                settings.bool(ALLOW_INSECURE_PERMISSIONS, false),
                settings.bool(READ_ONLY, false),
                NoncePolicy.from(settings));
    }

    /** Reads the passphrase from where the settings say, under the rules of {@link Passphrase}. */
    Passphrase readPassphrase(Function<String, String> environment) {
        return passphraseFile.map(Passphrase::fromFile).orElseGet(
                () -> Passphrase.fromEnvironment(passphraseEnv.orElse(DEFAULT_PASSPHRASE_ENV), environment));
    }
}
