package io.sealedkv.keystore.file;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.KeyVersions;
import io.sealedkv.keystore.internal.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keystore kept in one passphrase-protected file (format: {@link KeystoreFileFormat}). Data keys are
 * wrapped under a key-encryption key derived from the passphrase; every change rewrites the file
 * atomically before it returns; the file's lock is held from open to {@link #close()}. Opened with
 * {@code read-only}, it takes no lock and refuses every change ({@link FileKeystoreSettings}).
 *
 * <p>Opening refuses, each with its own {@link KeystoreException.Reason}: a missing file unless
 * {@code create} is set, a file locked by another opener, a file group or others can access (unless
 * {@code allow-insecure-permissions}), and every failure {@link KeystoreFileFormat} lists.
 *
 * <p>What it does not protect against, said plainly: {@link #destroy} removes the wrapped key from
 * the file, but the replaced file's old blocks are freed, not overwritten (on SSDs and copy-on-write
 * file systems overwriting would not reach them anyway), and backups of the keystore file keep what
 * they hold; since the key is wrapped, recovering it from there also takes the passphrase. Restoring an
 * older keystore file rewinds its nonce counters: the random field {@link io.sealedkv.crypto.NonceSequence}
 * draws per block makes a repeated nonce unlikely even then, but restoring a keystore file is not a
 * supported operation while data sealed after that copy exists.
 *
 * <p>Besides the {@link Keystore} operations: {@link #changePassphrase}.
 */
public final class FileKeystore implements Keystore {
    private static final Logger LOG = LoggerFactory.getLogger(FileKeystore.class);

    private final Path path;
    private final KeystoreFile file;
    private final KeyVersions versions;

    private FileKeystore(Path path, KeystoreFile file, KeyVersions versions) {
        this.path = path;
        this.file = file;
        this.versions = versions;
    }

    /**
     * Opens (or, with {@code create}, creates) the keystore the settings name, with
     * {@code passphrase}, which the keystore takes over and erases when closed.
     */
    public static FileKeystore open(FileKeystoreSettings settings, Passphrase passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        Path path = settings.path();
        if (settings.readOnly()) {
            return openReadOnly(settings, passphrase);
        }
        KeystoreLock lock;
        try {
            requireExistsOrCreate(settings);
            lock = KeystoreLock.acquire(path);
        } catch (RuntimeException e) {
            passphrase.close();
            throw e;
        }
        try {
            return Files.exists(path) ? load(settings, lock, passphrase) : create(settings, lock, passphrase);
        } catch (RuntimeException e) {
            passphrase.close();
            lock.close();
            throw e;
        }
    }

    static void requireExistsOrCreate(FileKeystoreSettings settings) {
        if (!settings.create() && !Files.exists(settings.path())) {
            throw new KeystoreException(Reason.NOT_FOUND, "keystore file " + settings.path()
                    + " does not exist (set " + FileKeystoreSettings.CREATE + "=true to create it)");
        }
    }

    /**
     * Rewraps every data key under a master key derived from {@code newPassphrase} with a new salt;
     * ids, states, counters and sealed data are untouched. From then on only {@code newPassphrase}
     * opens the file. The caller keeps ownership of {@code newPassphrase}.
     */
    public void changePassphrase(Passphrase newPassphrase) {
        versions.withVersions(current -> file.changePassphrase(newPassphrase, current));
    }

    /** The keystore file. */
    public Path path() {
        return path;
    }

    @Override
    public SealingKey primary() {
        return versions.primary();
    }

    @Override
    public Aead forVersion(int version) {
        return versions.forVersion(version);
    }

    @Override
    public ElementTokens tokens(int version) {
        return versions.tokens(version);
    }

    @Override
    public List<KeyVersionInfo> versions() {
        return versions.versions();
    }

    @Override
    public KeyVersionInfo rotate() {
        return versions.rotate();
    }

    @Override
    public void destroy(int version) {
        versions.destroy(version);
    }

    /** A new random salt, hence a new master key, for the same passphrase; see {@link Keystore}. */
    @Override
    public void rotateMasterKey() {
        versions.rotateMasterKey();
    }

    /** Erases the keys from memory and releases the lock. */
    @Override
    public void close() {
        versions.close();
    }

    private static FileKeystore openReadOnly(FileKeystoreSettings settings, Passphrase passphrase) {
        try {
            requireExistsOrCreate(settings);
            return load(settings, passphrase,
                    (keys, random) -> KeystoreFile.readOnly(settings.path(), passphrase, keys, settings.kdf(), random));
        } catch (RuntimeException e) {
            passphrase.close();
            throw e;
        }
    }

    private static FileKeystore load(FileKeystoreSettings settings, KeystoreLock lock, Passphrase passphrase) {
        return load(settings, passphrase,
                (keys, random) -> new KeystoreFile(settings.path(), lock, passphrase, keys, settings.kdf(), random));
    }

    private static FileKeystore load(FileKeystoreSettings settings, Passphrase passphrase,
                                     BiFunction<MasterKeys, SecureRandom, KeystoreFile> persistence) {
        checkPermissions(settings);
        KeystoreFileFormat.Contents contents = KeystoreFileFormat.decode(KeystoreFile.read(settings.path()), passphrase);
        SecureRandom random = new SecureRandom();
        KeystoreFile file = persistence.apply(contents.keys(), random);
        try {
            return new FileKeystore(settings.path(), file,
                    new KeyVersions(contents.versions(), file, settings.noncePolicy(), random));
        } catch (RuntimeException e) {
            contents.keys().destroy();
            contents.versions().stream().map(VersionRecord::key).filter(Objects::nonNull)
                    .forEach(k -> Arrays.fill(k, (byte) 0));
            throw e;
        }
    }

    private static FileKeystore create(FileKeystoreSettings settings, KeystoreLock lock, Passphrase passphrase) {
        SecureRandom random = new SecureRandom();
        MasterKeys keys = MasterKeys.generate(passphrase, settings.kdf(), random);
        KeystoreFile file = new KeystoreFile(settings.path(), lock, passphrase, keys, settings.kdf(), random);
        try {
            KeyVersions versions = KeyVersions.create(file, settings.noncePolicy(), random);
            LOG.info("created keystore {} with data key version 1", settings.path());
            return new FileKeystore(settings.path(), file, versions);
        } catch (RuntimeException e) {
            keys.destroy();
            throw e;
        }
    }

    private static void checkPermissions(FileKeystoreSettings settings) {
        Path path = settings.path();
        Set<PosixFilePermission> mode;
        try {
            mode = FileModes.of(path).filter(FileModes::accessibleByOthers).orElse(null);
        } catch (IOException e) {
            throw KeystoreFile.ioError("cannot read the permissions of keystore file " + path, e);
        }
        if (mode == null) {
            return;
        }
        String problem = "keystore file " + path + " has mode " + FileModes.octal(mode)
                + ": group or others can access it";
        if (!settings.allowInsecurePermissions()) {
            throw new KeystoreException(Reason.INSECURE_PERMISSIONS, problem + "; run chmod 600 on it, or set "
                    + FileKeystoreSettings.ALLOW_INSECURE_PERMISSIONS + "=true");
        }
        LOG.warn("{}; opening it because {}=true", problem, FileKeystoreSettings.ALLOW_INSECURE_PERMISSIONS);
    }
}
