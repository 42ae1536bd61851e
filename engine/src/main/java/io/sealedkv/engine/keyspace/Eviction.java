package io.sealedkv.engine.keyspace;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes room under {@code maxmemory} as Redis does: while the keys and values cost more than the
 * limit, sample {@code maxmemory-samples} keys of every database (only keys with an expiry under the
 * volatile-* policies) and evict the best candidate of the policy: the longest idle (LRU), the least
 * frequently used (LFU), the nearest expiry (TTL) or any (random). Runs under the keyspace lock.
 */
final class Eviction {
    private final Keyspace keyspace;

    Eviction(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** The policies of {@code maxmemory-policy}. */
    enum Policy {
        NOEVICTION, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL;

        static Policy of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean volatileOnly() {
            return name().startsWith("VOLATILE");
        }
    }

    /** Evicts until the keyspace costs at most {@code maxBytes}; false when nothing is left to evict. */
    boolean makeRoom(long maxBytes, Policy policy, int samples) {
        if (policy == Policy.NOEVICTION || keyspace.changesPaused()) {
            return keyspace.usedMemory() <= maxBytes;
        }
        while (keyspace.usedMemory() > maxBytes) {
            Candidate victim = policy == Policy.ALLKEYS_RANDOM || policy == Policy.VOLATILE_RANDOM
                    ? random(policy.volatileOnly()) : best(policy, Math.max(1, samples));
            if (victim == null) {
                return false;
            }
            keyspace.writes().evict(victim.db, victim.entry);
        }
        return true;
    }

    private record Candidate(Database db, Entry entry, long badness) {
    }

    private Candidate best(Policy policy, int samples) {
        Candidate best = null;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.database(i);
            if ((policy.volatileOnly() ? db.expiringCount() : db.size()) == 0) {
                continue;
            }
            for (int s = 0; s < samples; s++) {
                Entry entry = policy.volatileOnly() ? db.randomExpiring() : db.randomEntry();
                Candidate candidate = new Candidate(db, entry, score(policy, db, entry));
                if (best == null || candidate.badness > best.badness) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /** Higher is a better victim. */
    private long score(Policy policy, Database db, Entry entry) {
        return switch (policy) {
            case ALLKEYS_LRU, VOLATILE_LRU -> keyspace.idleSeconds(entry);
            case ALLKEYS_LFU, VOLATILE_LFU -> 255 - keyspace.frequency(entry);
            case VOLATILE_TTL -> -db.expireAt(entry);
            default -> 0;
        };
    }

    private Candidate random(boolean volatileOnly) {
        int databases = keyspace.databaseCount();
        int start = ThreadLocalRandom.current().nextInt(databases);
        for (int i = 0; i < databases; i++) {
            Database db = keyspace.database((start + i) % databases);
            if ((volatileOnly ? db.expiringCount() : db.size()) > 0) {
                return new Candidate(db, volatileOnly ? db.randomExpiring() : db.randomEntry(), 0);
            }
        }
        return null;
    }
}
