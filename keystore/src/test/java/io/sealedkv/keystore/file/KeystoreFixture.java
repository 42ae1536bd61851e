package io.sealedkv.keystore.file;

import io.sealedkv.keystore.KeystoreException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A keystore file in a test directory, opened with a cheap scrypt cost and a fake environment. */
final class KeystoreFixture {
    static final String ENV = "TEST_KEYSTORE_PASSPHRASE";
    static final String PASSPHRASE = "correct horse battery staple";

    final Path path;
    final Map<String, String> environment = new HashMap<>(Map.of(ENV, PASSPHRASE));

    KeystoreFixture(Path directory) {
        this(directory, "keys.skv");
    }

    KeystoreFixture(Path directory, String name) {
        this.path = directory.resolve(name);
    }

    FileKeystore open() {
        return open(Map.of());
    }

    FileKeystore open(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "path", path.toString(), "create", "true", "kdf-log2n", "10", "passphrase-env", ENV));
        settings.putAll(extra);
        return new FileKeystoreProvider(environment::get).open(settings);
    }

    /** Opens without create and returns what it threw; fails the test if it opened. */
    KeystoreException openFailure(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("create", "false"));
        settings.putAll(extra);
        return catchThrowableOfType(KeystoreException.class, () -> open(settings).close());
    }

    KeystoreException openFailure() {
        return openFailure(Map.of());
    }

    void assertOpenFails(KeystoreException.Reason reason, Consumer<String> message) {
        KeystoreException e = openFailure();
        assertThat(e).as("opening should fail").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        message.accept(e.getMessage());
    }
}
