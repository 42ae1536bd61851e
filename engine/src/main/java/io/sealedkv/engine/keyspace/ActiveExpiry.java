package io.sealedkv.engine.keyspace;

/**
 * The active expiry cycle, run {@code hz} times a second: in each database it samples 20 keys that
 * have an expiry and deletes the expired ones, and samples again while more than a tenth of a sample
 * was expired, within a time budget of a quarter of the cycle period. The lock is taken per sample, so
 * commands interleave with a long cycle.
 */
public final class ActiveExpiry {
    private static final int SAMPLE = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;

    private final Keyspace keyspace;

    public ActiveExpiry(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Runs one cycle within {@code budgetMillis}. */
    public void run(long budgetMillis) {
        if (keyspace.changesPaused()) {
            return;
        }
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.database(i);
            while (System.nanoTime() < deadline) {
                int expired = sample(db);
                if (expired * 100 <= SAMPLE * ACCEPTABLE_STALE_PERCENT) {
                    break;
                }
            }
        }
    }

    private int sample(Database db) {
        keyspace.lock().lock();
        try {
            int expired = 0;
            int n = Math.min(SAMPLE, db.expiringCount());
            for (int i = 0; i < n; i++) {
                Entry entry = db.randomExpiring();
                if (entry != null && keyspace.isExpired(db, entry)) {
                    keyspace.writes().expire(db, entry);
                    expired++;
                }
            }
            return expired;
        } finally {
            keyspace.lock().unlock();
        }
    }
}
