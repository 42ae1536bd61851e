package io.sealedkv.keystore.internal;

import java.util.List;

/**
 * Where a provider keeps its versions. {@link KeyVersions} calls it under its lock, with the complete
 * new list of versions, before it makes a change visible; a method that returns normally has made the
 * change durable, one that throws has changed nothing {@link KeyVersions} relies on.
 */
public interface KeyPersistence {
    /** Durably replaces the stored versions with {@code versions}, wrapped under the current master key. */
    void write(List<VersionRecord> versions);

    /** Durably stores {@code versions} wrapped under a new master key, which then becomes current. */
    void rotateMaster(List<VersionRecord> versions);

    /** Releases what the persistence holds (locks, master key material). Called once. */
    void close();
}
