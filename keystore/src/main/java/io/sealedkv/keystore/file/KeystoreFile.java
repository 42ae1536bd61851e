package io.sealedkv.keystore.file;

import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.KeyPersistence;
import io.sealedkv.keystore.internal.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The persistence of a file keystore: every change rewrites the whole file atomically under the
 * current master keys, while the keystore's lock is held. Keeps the passphrase until closed, so that
 * {@link #rotateMaster} can derive a new master key under a new salt without asking for it again.
 * Opened {@linkplain #readOnly read-only} it holds no lock and refuses every change, sealing included
 * (a seal reserves nonces by writing the file).
 */
final class KeystoreFile implements KeyPersistence {
    /** Far beyond any real keystore (about 100 bytes a version); refuses to read arbitrary files whole. */
    static final long MAX_LENGTH = 16L << 20;

    private final Path path;
    private final Optional<KeystoreLock> lock;
    private final PassphraseKdf newKdf;
    private final SecureRandom random;
    private Passphrase passphrase;
    private MasterKeys keys;

    KeystoreFile(Path path, KeystoreLock lock, Passphrase passphrase, MasterKeys keys, PassphraseKdf newKdf,
                 SecureRandom random) {
        this(path, Optional.of(lock), passphrase, keys, newKdf, random);
    }

    private KeystoreFile(Path path, Optional<KeystoreLock> lock, Passphrase passphrase, MasterKeys keys,
                         PassphraseKdf newKdf, SecureRandom random) {
        this.path = path;
        this.lock = lock;
        this.passphrase = passphrase;
        this.keys = keys;
        this.newKdf = newKdf;
        this.random = random;
    }

    /** A keystore file that another process may hold open: read once, never written. */
    static KeystoreFile readOnly(Path path, Passphrase passphrase, MasterKeys keys, PassphraseKdf kdf,
                                 SecureRandom random) {
        return new KeystoreFile(path, Optional.empty(), passphrase, keys, kdf, random);
    }

    static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_LENGTH) {
                throw new KeystoreException(Reason.NOT_A_KEYSTORE,
                        "not a SealedKV keystore: " + path + " has " + size + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw ioError("cannot read keystore file " + path, e);
        }
    }

    @Override
    public void write(List<VersionRecord> versions) {
        requireWritable("this change (rotating, destroying or sealing, which reserves nonces)");
        replaceFile(keys, versions);
    }

    @Override
    public void rotateMaster(List<VersionRecord> versions) {
        requireWritable("rotating the master key");
        switchKeys(MasterKeys.generate(passphrase, newKdf, random), versions);
    }

    /** Rewraps everything under a master key derived from {@code next}, which replaces the passphrase. */
    void changePassphrase(Passphrase next, List<VersionRecord> versions) {
        requireWritable("changing the passphrase");
        Passphrase owned = next.copy();
        try {
            switchKeys(MasterKeys.generate(owned, newKdf, random), versions);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
        passphrase.close();
        passphrase = owned;
    }

    @Override
    public void close() {
        keys.destroy();
        passphrase.close();
        lock.ifPresent(KeystoreLock::close);
    }

    private void requireWritable(String change) {
        if (lock.isEmpty()) {
            throw new KeystoreException(Reason.READ_ONLY, "keystore " + path + " is open read-only: "
                    + change + " needs it opened for writing");
        }
    }

    private void switchKeys(MasterKeys next, List<VersionRecord> versions) {
        try {
            replaceFile(next, versions);
        } catch (RuntimeException e) {
            next.destroy();
            throw e;
        }
        keys.destroy();
        keys = next;
    }

    private void replaceFile(MasterKeys with, List<VersionRecord> versions) {
        try {
            AtomicFiles.replace(path, KeystoreFileFormat.encode(with, versions));
        } catch (IOException e) {
            throw ioError("cannot write keystore file " + path, e);
        }
    }

    static KeystoreException ioError(String what, IOException e) {
        return new KeystoreException(Reason.IO_ERROR, what + ": " + e, e);
    }
}
