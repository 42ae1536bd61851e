package io.sealedkv.keystore;

import io.sealedkv.crypto.KeyRing;
import java.util.List;

/**
 * Versioned data keys from one source of key material. As a {@link KeyRing} it gives the primary key
 * for sealing and exactly the named version for opening. It rotates automatically: once the primary
 * has sealed the configured maximum number of values, the next call to {@link #primary()} returns a
 * new primary, and the old one becomes decrypt-only.
 *
 * <p>Implementations are thread-safe and persist every change before returning. After
 * {@link #close()} every method but {@code close} throws {@link IllegalStateException}.
 */
public interface Keystore extends KeyRing, AutoCloseable {
    /** Every version ever created, oldest first, destroyed ones included. */
    List<KeyVersionInfo> versions();

    /** Creates a new primary version; the previous primary becomes decrypt-only. */
    KeyVersionInfo rotate();

    /**
     * Crypto-shreds a version: its material is erased from the store, and values sealed under it fail
     * with {@link io.sealedkv.crypto.DestroyedKeyVersionException} from then on.
     *
     * @throws IllegalStateException for the primary (rotate first) or a version already destroyed
     * @throws io.sealedkv.crypto.UnknownKeyVersionException for a version that never existed
     */
    void destroy(int version);

    /**
     * Replaces the master key (the key-encryption key that protects the stored data keys) and rewraps
     * every data key under the new one. Ids, states, counters and everything sealed stay as they were;
     * nothing sealed needs re-encrypting. The change is durable before this returns.
     */
    void rotateMasterKey();

    @Override
    void close();
}
