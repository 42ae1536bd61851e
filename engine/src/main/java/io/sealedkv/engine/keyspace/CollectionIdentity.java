package io.sealedkv.engine.keyspace;

import java.security.SecureRandom;

/**
 * What a collection's elements are sealed for: a random 64-bit id, drawn when the collection is
 * created (or copied), and the data key version whose token key computes its element tokens. Ids
 * have the top bit set, so they never equal a database id (0 .. databases-1), the context strings
 * are sealed for.
 */
public record CollectionIdentity(long id, int tokenVersion) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public CollectionIdentity {
        if (id >= 0) {
            throw new IllegalArgumentException("a collection id has its top bit set");
        }
    }

    /** A new identity whose tokens come from data key {@code tokenVersion}. */
    public static CollectionIdentity fresh(int tokenVersion) {
        return new CollectionIdentity(RANDOM.nextLong() | Long.MIN_VALUE, tokenVersion);
    }
}
