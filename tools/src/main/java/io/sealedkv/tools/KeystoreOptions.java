package io.sealedkv.tools;

import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreProvider;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which keystore file a command works on and where its passphrase comes from, with the help text on
 * passphrases for every command that mixes it in. Opens the file through the keystore module's
 * {@code file} provider, which reads the passphrase itself.
 */
@Command(footer = {"", KeystoreOptions.PASSPHRASE_HELP})
public final class KeystoreOptions {
    static final String PASSPHRASE_HELP = "The passphrase is never a command-line argument (it would show in"
            + " ps and in shell history): it comes from the environment variable that --passphrase-env names"
            + " (default " + FileKeystoreSettings.DEFAULT_PASSPHRASE_ENV + ") or from the file that"
            + " --passphrase-file names. An option such as --passphrase is rejected as unknown (exit code 2)."
            + " A passphrase file must be UTF-8; exactly one trailing line end is removed, everything else"
            + " (other whitespace included) is part of the passphrase. Either way the text is normalised to"
            + " Unicode NFC and must have 1 to 1024 bytes in UTF-8.";

    /** Not required by picocli, so that {@code keys list --host} can do without it; {@link #open} requires it. */
    @Option(names = "--keystore", paramLabel = "PATH", description = "The keystore file (required).")
    Path path;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @ArgGroup(exclusive = true)
    PassphraseSource passphrase;

    @Option(names = "--allow-insecure-permissions",
            description = "Open a keystore file that group or others can access (with a warning) instead of"
                    + " refusing it.")
    boolean allowInsecurePermissions;

    /** Where the keystore's current passphrase comes from; the provider's default when neither is given. */
    static final class PassphraseSource {
        @Option(names = "--passphrase-env", paramLabel = "NAME",
                description = "Environment variable holding the passphrase (default "
                        + FileKeystoreSettings.DEFAULT_PASSPHRASE_ENV + ").")
        String environmentVariable;

        @Option(names = "--passphrase-file", paramLabel = "PATH", description = "File holding the passphrase.")
        Path file;
    }

    /** Opens the existing keystore file. */
    public FileKeystore open() {
        return open(Map.of());
    }

    /**
     * Opens the existing keystore file without its lock, so also while a server holds it, for commands
     * that only open sealed data; sealing and every change to the file are refused (READ_ONLY).
     */
    public FileKeystore openReadOnly() {
        return open(Map.of(FileKeystoreSettings.READ_ONLY, "true"));
    }

    /** Opens the existing keystore file; a change of master key from now on uses scrypt cost {@code kdfLog2n}. */
    FileKeystore open(Integer kdfLog2n) {
        return open(kdfSetting(kdfLog2n));
    }

    /** Creates the keystore file, refusing one that exists, with version 1 as its primary. */
    FileKeystore create(Integer kdfLog2n) {
        requirePath();
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailedException("keystore file " + path + " already exists; init never overwrites"
                    + " a keystore");
        }
        Map<String, String> settings = new HashMap<>(kdfSetting(kdfLog2n));
        settings.put(FileKeystoreSettings.CREATE, "true");
        return new FileKeystoreProvider().open(settings(settings));
    }

    /** A usage error (exit code 2) when {@code --keystore} is missing, as picocli reports a missing option. */
    void requirePath() {
        if (path == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--keystore=PATH'");
        }
    }

    private FileKeystore open(Map<String, String> extra) {
        requirePath();
        if (!Files.exists(path)) {
            throw new KeystoreException(Reason.NOT_FOUND, "keystore file " + path
                    + " does not exist (create one with 'sealedkv keys init')");
        }
        return new FileKeystoreProvider().open(settings(extra));
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(FileKeystoreSettings.PATH, path.toString());
        if (passphrase != null && passphrase.environmentVariable != null) {
            settings.put(FileKeystoreSettings.PASSPHRASE_ENV, passphrase.environmentVariable);
        }
        if (passphrase != null && passphrase.file != null) {
            settings.put(FileKeystoreSettings.PASSPHRASE_FILE, passphrase.file.toString());
        }
        if (allowInsecurePermissions) {
            settings.put(FileKeystoreSettings.ALLOW_INSECURE_PERMISSIONS, "true");
        }
        return settings;
    }

    private static Map<String, String> kdfSetting(Integer kdfLog2n) {
        return kdfLog2n == null ? Map.of() : Map.of(FileKeystoreSettings.KDF_LOG2N, kdfLog2n.toString());
    }
}
