package io.sealedkv.keystore.file;

import io.sealedkv.keystore.KeystoreProvider;
import java.util.Map;
import java.util.function.Function;

/**
 * Provider {@code file}: a passphrase-protected keystore file, see {@link FileKeystore} and, for the
 * settings, {@link FileKeystoreSettings}. The passphrase comes from the environment variable or the
 * file the settings name, never from the settings themselves.
 */
public final class FileKeystoreProvider implements KeystoreProvider {
    public static final String NAME = "file";

    private final Function<String, String> environment;

    /** Reads the passphrase variable from the process environment. */
    public FileKeystoreProvider() {
        this(System::getenv);
    }

    FileKeystoreProvider(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FileKeystore open(Map<String, String> settings) {
        FileKeystoreSettings parsed = FileKeystoreSettings.from(settings);
        FileKeystore.requireExistsOrCreate(parsed);
        return FileKeystore.open(parsed, parsed.readPassphrase(environment));
    }
}
