package io.sealedkv.keystore.internal;

import io.sealedkv.keystore.KeyState;
import java.time.Instant;
import java.util.Objects;

/**
 * One data key version as it is persisted. Immutable apart from the key array, which belongs to
 * {@link KeyVersions}: persistence reads it (to wrap it) and never keeps or changes it.
 *
 * @param id                the version id, 1 or more
 * @param state             primary, decrypt-only or destroyed
 * @param created           creation time, whole milliseconds
 * @param countersReserved  nonce counters {@code [0, countersReserved)} are reserved: none of them
 *                          may ever be handed out again
 * @param key               the 32-byte data key, or {@code null} once destroyed
 */
public record VersionRecord(int id, KeyState state, Instant created, long countersReserved, byte[] key) {
    public VersionRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
    }

    VersionRecord withState(KeyState newState) {
        return new VersionRecord(id, newState, created, countersReserved, key);
    }

    VersionRecord withCountersReserved(long reserved) {
        return new VersionRecord(id, state, created, reserved, key);
    }

    VersionRecord destroyed() {
        return new VersionRecord(id, KeyState.DESTROYED, created, countersReserved, null);
    }
}
