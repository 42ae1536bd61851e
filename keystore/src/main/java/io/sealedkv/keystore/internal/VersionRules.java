package io.sealedkv.keystore.internal;

import io.sealedkv.crypto.AesGcm;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a set of versions must satisfy before a keystore uses it: at least one version, exactly one
 * primary, ids positive and unique, every live version holding a 32-byte key, every destroyed one
 * holding none, counters non-negative. Anything else is refused, never repaired.
 */
final class VersionRules {
    private VersionRules() {
    }

    static void check(List<VersionRecord> versions) {
        if (versions.isEmpty()) {
            throw invalid("keystore has no key versions");
        }
        Set<Integer> ids = new HashSet<>();
        int primaries = 0;
        for (VersionRecord v : versions) {
            checkOne(v);
            if (!ids.add(v.id())) {
                throw invalid("keystore has duplicate key version id " + v.id());
            }
            primaries += v.state() == KeyState.PRIMARY ? 1 : 0;
        }
        if (primaries != 1) {
            throw invalid(primaries == 0 ? "keystore has no primary key version"
                    : "keystore has " + primaries + " primary key versions; exactly one is allowed");
        }
    }

    private static void checkOne(VersionRecord v) {
        if (v.id() < 1) {
            throw invalid("key version id " + v.id() + " is not positive");
        }
        if (v.countersReserved() < 0) {
            throw invalid("key version " + v.id() + " has a negative nonce counter");
        }
        boolean destroyed = v.state() == KeyState.DESTROYED;
        if (destroyed && v.key() != null) {
            throw invalid("key version " + v.id() + " is destroyed but still holds key material");
        }
        if (!destroyed && (v.key() == null || v.key().length != AesGcm.KEY_LENGTH)) {
            throw invalid("key version " + v.id() + " has a data key of "
                    + (v.key() == null ? 0 : v.key().length) + " bytes; expected " + AesGcm.KEY_LENGTH);
        }
    }

    private static KeystoreException invalid(String message) {
        return new KeystoreException(Reason.INVALID_CONTENT, message);
    }
}
