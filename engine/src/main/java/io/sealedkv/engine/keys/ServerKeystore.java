package io.sealedkv.engine.keys;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.Keystore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * The keystore a server seals with, as one {@link Keystore} whose source can be read again
 * ({@code SEALEDKV KEYSTORE RELOAD}) when the server knows how to open it.
 *
 * <p>Reload closes the keystore first and then opens it anew: a keystore holds its file's lock while
 * open, and a second open in the same process would be refused as "in use". Seals and opens go
 * through {@link CountingCodec}, which holds {@link #guard()} (the read side of a read-write lock);
 * reload holds the write side, so nothing seals or opens during the switch. Before closing anything,
 * reload opens the source once with the <em>check</em> (read-only, no lock, nothing created): a file
 * that is missing, damaged, insecure or has another passphrase is refused there and the keystore in
 * use stays, and so is a file that lacks a data key version in use, holds other key bytes under its
 * number (another keystore, or an older copy from before a rotation) or has its nonce counters behind
 * the ones in use (an older copy): with it, the stored values would stop opening, the next snapshot
 * would seal its stream key under keys its values do not use, or nonces would repeat. Only if the file
 * then still fails to open (it changed between the two), the server has no keys until a later reload
 * succeeds: seals and opens then fail with an error, and nothing stored is changed.
 *
 * <p>The lock is a {@link StampedLock}, not a ReentrantReadWriteLock: its read side costs one
 * compare-and-set each way, without the per-thread hold count that the other looks up on every
 * seal and open. It is not reentrant, which is fine: no seal or open runs inside another.
 */
public final class ServerKeystore implements Keystore {
    /** Why a command that needs the data keys is refused after a failed reload (the start of its error text). */
    public static final String NO_KEYS = "no data keys: the last SEALEDKV KEYSTORE RELOAD failed";
    /** An element whose token under each version tells whether two keystores hold the same key bytes. */
    private static final byte[] PROBE = "sealedkv keystore reload probe".getBytes(StandardCharsets.US_ASCII);
    private final StampedLock reload = new StampedLock();
    private final Supplier<Keystore> opener;
    private final Supplier<Keystore> check;
    private volatile Keystore current;
    private volatile boolean available = true;
    /** The keys in use when a reload closed the keystore, until a reload succeeds (then null). */
    private KeysInUse lastInUse;

    private ServerKeystore(Keystore first, Supplier<Keystore> opener, Supplier<Keystore> check) {
        this.current = Objects.requireNonNull(first, "first");
        this.opener = opener;
        this.check = check;
    }

    /** A keystore opened anew by {@code opener} at every reload, starting with one opened now. */
    public static ServerKeystore reloadable(Supplier<Keystore> opener) {
        return new ServerKeystore(opener.get(), opener, null);
    }

    /**
     * As {@link #reloadable(Supplier)}, and each reload first opens the source with {@code check} (which
     * must neither lock nor create it, e.g. read-only) and closes it again; if that fails, the reload fails
     * with the keystore in use left as it was.
     */
    public static ServerKeystore reloadable(Supplier<Keystore> opener, Supplier<Keystore> check) {
        return reloadable(opener.get(), opener, check);
    }

    /** As {@link #reloadable(Supplier, Supplier)}, starting with {@code first}, opened otherwise (it may create). */
    public static ServerKeystore reloadable(Keystore first, Supplier<Keystore> opener, Supplier<Keystore> check) {
        return new ServerKeystore(first, opener, Objects.requireNonNull(check, "check"));
    }

    /** A keystore that cannot be reloaded (the {@code memory} provider: opening it again gives new keys). */
    public static ServerKeystore fixed(Keystore keystore) {
        return new ServerKeystore(keystore, null, null);
    }

    /** False after a failed reload, until one succeeds: the server then has no keys. */
    public boolean available() {
        return available;
    }

    public boolean reloadable() {
        return opener != null;
    }

    /** What every seal and open holds (shared), so a reload waits for them; null when it cannot be reloaded. */
    public Lock guard() {
        return opener == null ? null : reload.asReadLock();
    }

    /**
     * Closes the keystore and opens its source again, e.g. after its file was changed; returns the
     * versions now known.
     *
     * @throws IllegalStateException when this keystore cannot be reloaded
     * @throws RuntimeException whatever opening threw (for the file provider a
     *     {@link io.sealedkv.keystore.KeystoreException} naming the reason); {@link #available()} tells
     *     whether the keystore in use stayed (the check refused the source) or the server has no keys
     */
    public synchronized List<KeyVersionInfo> reload() {
        if (opener == null) {
            throw new IllegalStateException("this keystore cannot be reloaded");
        }
        if (check != null) {
            KeysInUse inUse = available ? KeysInUse.of(current) : lastInUse;
            try (Keystore candidate = check.get()) {
                inUse.requireIn(candidate);
            }
        }
        long stamp = reload.writeLock();
        try {
            if (available) {
                lastInUse = KeysInUse.of(current); // what the file must still hold, whatever happens next
            }
            available = false;
            current.close();
            current = opener.get();
            if (check != null) {
                requireOpenedStillMatches(); // the file may have changed since the check
            }
            available = true;
            lastInUse = null;
            return current.versions();
        } finally {
            reload.unlockWrite(stamp);
        }
    }

    /** The keystore just opened holds the keys that were in use; if not, it is closed and the server has none. */
    private void requireOpenedStillMatches() {
        try {
            lastInUse.requireIn(current);
        } catch (RuntimeException e) {
            current.close();
            throw e;
        }
    }

    /**
     * The versions of a keystore in use, with a token of each one not destroyed (telling its key bytes
     * apart) and its nonce counters as far as they are reserved: what a reloaded file must still hold.
     */
    private record KeysInUse(List<KeyVersionInfo> versions, Map<Integer, byte[]> probes) {
        static KeysInUse of(Keystore keystore) {
            List<KeyVersionInfo> versions = keystore.versions();
            Map<Integer, byte[]> probes = new HashMap<>();
            for (KeyVersionInfo info : versions) {
                if (info.state() != KeyState.DESTROYED) {
                    probes.put(info.version(), keystore.tokens(info.version()).token(PROBE));
                }
            }
            return new KeysInUse(versions, probes);
        }

        /**
         * Every version in use that {@code candidate} has not destroyed must be there with the same key bytes,
         * and with its nonce counters reserved at least as far as this server has used them.
         */
        void requireIn(Keystore candidate) {
            Map<Integer, KeyVersionInfo> inFile = new HashMap<>();
            candidate.versions().forEach(info -> inFile.put(info.version(), info));
            for (KeyVersionInfo info : versions) {
                byte[] probe = probes.get(info.version());
                if (probe == null) {
                    continue;
                }
                ElementTokens theirs;
                try {
                    theirs = candidate.tokens(info.version());
                } catch (UnknownKeyVersionException e) {
                    throw new KeystoreMismatchException("the file lacks data key version " + info.version()
                            + ", which this server uses: it is another keystore or a copy from before a rotation");
                } catch (DestroyedKeyVersionException e) {
                    continue;
                }
                if (!MessageDigest.isEqual(probe, theirs.token(PROBE))) {
                    throw new KeystoreMismatchException("the file holds another key as data key version "
                            + info.version() + ": it is another keystore");
                }
                if (inFile.get(info.version()).sealCount() < info.sealCount()) {
                    throw new KeystoreMismatchException("the file's nonce counters of data key version "
                            + info.version() + " are behind the ones in use: it is an older copy, and reloading it"
                            + " would reuse nonces");
                }
            }
        }
    }

    @Override
    public SealingKey primary() {
        return current.primary();
    }

    @Override
    public Aead forVersion(int version) {
        return current.forVersion(version);
    }

    @Override
    public ElementTokens tokens(int version) {
        return current.tokens(version);
    }

    @Override
    public List<KeyVersionInfo> versions() {
        return current.versions();
    }

    /**
     * Rotates the keystore in use. Holds {@link #guard()}, so it never rotates a keystore a reload is closing.
     *
     * @throws IllegalStateException when a failed reload left the server without keys
     */
    @Override
    public KeyVersionInfo rotate() {
        if (opener == null) {
            return current.rotate();
        }
        long stamp = reload.readLock();
        try {
            if (!available) {
                throw new IllegalStateException(NO_KEYS + "; rotate once a reload succeeds");
            }
            return current.rotate();
        } finally {
            reload.unlockRead(stamp);
        }
    }

    @Override
    public void destroy(int version) {
        current.destroy(version);
    }

    @Override
    public void rotateMasterKey() {
        current.rotateMasterKey();
    }

    @Override
    public void close() {
        current.close();
    }
}
