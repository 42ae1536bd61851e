package io.sealedkv.engine;

import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.keys.ServerKeystore;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.Keystores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the keystore the configuration names. Without {@code keystore-file}, the {@code file}
 * provider uses a development keystore under {@code dir}, created on first start with a random
 * passphrase stored next to it (mode 0600): anyone who can read the data directory can open the
 * values, which is why it is announced with a loud warning at every start. It is never created while
 * the snapshot exists (only the keystore that sealed the snapshot opens it), nor by a reload.
 */
final class KeystoreBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoreBootstrap.class);
    static final String DEV_KEYSTORE = "dev-keystore.sks";
    static final String DEV_PASSPHRASE = "dev-keystore.passphrase";
    /**
     * scrypt's cost (log2 N) for a development keystore with the generated passphrase: the lowest the
     * file provider takes. scrypt slows down guessing a passphrase; 256 random bits cannot be guessed
     * at any cost, and this one sits next to the file anyway, so the default (17: about a second of a
     * cold JVM's start, and 128 MiB) would buy nothing.
     */
    static final String DEV_KDF_LOG2N = "10";

    private KeystoreBootstrap() {
    }

    /**
     * The keystore for a server: with provider {@code file}, {@code SEALEDKV KEYSTORE RELOAD} opens the
     * same file again with the same settings (re-reading the passphrase); other providers cannot be
     * reloaded ({@code memory} would start over with new keys).
     */
    static ServerKeystore openForServer(Config config, Path dir) throws IOException {
        if (!config.stringValue("keystore-provider").equals("file")) {
            return ServerKeystore.fixed(open(config, dir));
        }
        return ServerKeystore.reloadable(open(config, dir), () -> openUnchecked(config, dir, Access.RELOAD),
                () -> openUnchecked(config, dir, Access.CHECK));
    }

    /** Why the file provider's keystore is opened: only the first open at start may create it. */
    private enum Access { START, RELOAD, CHECK }

    private static Keystore openUnchecked(Config config, Path dir, Access access) {
        try {
            Map<String, String> settings = new HashMap<>();
            fileSettings(config, dir, settings, access);
            return Keystores.open("file", settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Keystore open(Config config, Path dir) throws IOException {
        String providerName = config.stringValue("keystore-provider");
        Map<String, String> settings = new HashMap<>();
        if (providerName.equals("file")) {
            fileSettings(config, dir, settings, Access.START);
        } else if (providerName.equals("memory")) {
            LOG.warn("Keystore provider 'memory': data keys live only in this process and are lost at exit.");
        }
        return Keystores.open(providerName, settings);
    }

    /** The file provider's keystore opened read-only: no lock, nothing created or written (a reload's check). */
    static Keystore openReadOnly(Config config, Path dir) throws IOException {
        Map<String, String> settings = new HashMap<>();
        fileSettings(config, dir, settings, Access.CHECK);
        return Keystores.open("file", settings);
    }

    private static void fileSettings(Config config, Path dir, Map<String, String> settings, Access access)
            throws IOException {
        String file = config.stringValue("keystore-file");
        String passphraseFile = config.stringValue("keystore-passphrase-file");
        if (access == Access.CHECK) {
            settings.put("read-only", "true");
        }
        if (file.isEmpty()) {
            Path keystore = dir.resolve(DEV_KEYSTORE);
            Path passphrase = passphraseFile.isEmpty() ? dir.resolve(DEV_PASSPHRASE) : Path.of(passphraseFile);
            settings.put("path", keystore.toString());
            settings.put("passphrase-file", passphrase.toString());
            if (access != Access.START) {
                return; // a reload opens the development keystore there is; it never creates one
            }
            if (!Files.exists(keystore)) {
                refuseBesideASnapshot(config, dir, keystore);
                if (!Files.exists(passphrase)) {
                    writeRandomPassphrase(passphrase);
                    settings.put("kdf-log2n", DEV_KDF_LOG2N);
                }
            }
            warnDevelopmentKeystore(keystore);
            settings.put("create", "true");
            return;
        }
        settings.put("path", file);
        if (!passphraseFile.isEmpty()) {
            settings.put("passphrase-file", passphraseFile);
        }
    }

    /**
     * A new development keystore cannot open a snapshot sealed by another keystore: creating one beside it
     * would only leave new keys where the missing ones belong, and a start that fails as damage.
     */
    private static void refuseBesideASnapshot(Config config, Path dir, Path keystore) {
        Path snapshot = dir.resolve(config.stringValue("dbfilename"));
        if (Files.exists(snapshot)) {
            throw new KeystoreException(KeystoreException.Reason.NOT_FOUND, "the development keystore " + keystore
                    + " is missing but the snapshot " + snapshot + " exists: only the keystore that sealed it opens"
                    + " it; put that keystore back (or set keystore-file), or move the snapshot away to start empty");
        }
    }

    private static void writeRandomPassphrase(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, passphrase, StandardCharsets.US_ASCII);
    }

    private static void warnDevelopmentKeystore(Path keystore) {
        LOG.warn("""

                ********************************************************************************
                *  WARNING: DEVELOPMENT KEYSTORE - FOR DEVELOPMENT ONLY                        *
                *  Values are sealed with keys from {}
                *  whose passphrase is stored in plain text next to it. Anyone who can read    *
                *  the data directory can open every value. For production, configure          *
                *  keystore-file and keystore-passphrase-file (or SEALEDKV_KEYSTORE_PASSPHRASE)*
                ********************************************************************************""",
                keystore.toAbsolutePath());
    }
}
