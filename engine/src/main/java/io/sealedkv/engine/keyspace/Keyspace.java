package io.sealedkv.engine.keyspace;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The databases and the one lock that makes commands atomic.
 *
 * <h2>Threading</h2>
 * Commands run on the network threads that decoded them. Every command does its keyspace work while
 * holding {@link #lock()}: one global, reentrant lock, the equivalent of Redis's single thread, so
 * each command (and later a MULTI/EXEC block, by holding it across commands) is atomic. Sealing and
 * opening values happen outside it where the command allows: a value supplied by the client is sealed
 * before the lock is taken, and a value read is opened after it is released (stored arrays are never
 * modified, so the reference taken under the lock stays valid). Commands that compute on the plaintext
 * (APPEND, INCR, ...) read the sealed value under the lock, open, compute and seal outside it, and
 * store the result under the lock only if the key still holds the very array they read, else retry:
 * atomic as if done under the lock, with the crypto of concurrent commands on both cores. Hashing a
 * key ({@link #hash}) and bringing its table chain into the cache ({@link Database#touch}, an unlocked,
 * bounded, read-only walk that decides nothing) also happen before the lock, so the time under it is
 * mostly cache hits; a network thread warms all the keys of a pipelined batch together, and a run of
 * GETs in one batch takes the lock once for all its lookups (see the server's {@code RequestHandler}).
 *
 * <h2>Reads and writes</h2>
 * Reads look keys up through {@link #lookup}, which expires keys lazily (the deletion is propagated as
 * {@code DEL}) and counts hits and misses. Every change goes through {@link #writes()}, the one write
 * path.
 */
public final class Keyspace {
    /** Lookup flag: do not update the key's access clock (TYPE, TTL, OBJECT ...). */
    public static final int NO_TOUCH = 1;
    /** Lookup flag: do not count a keyspace hit or miss (writes, internal lookups). */
    public static final int NO_STATS = 2;
    /**
     * Lookup flag: an expired key is reported absent but left for the next lookup to expire (a look ahead
     * of the command that will look the key up again, so the expiry happens in that command's turn).
     */
    public static final int NO_EXPIRE = 4;
    /** Lookup flag: a miss fires no {@code keymiss} event (OBJECT, as Redis's LOOKUP_NONOTIFY). */
    public static final int NO_NOTIFY = 8;

    private final ViewHolds views = new ViewHolds();
    private final SpinningLock lock = new SpinningLock(views);
    private final Database[] databases;
    private final WritePath writes;
    private final KeyspaceStats stats = new KeyspaceStats();
    private volatile LongSupplier clock = System::currentTimeMillis;
    private final AccessTracking access = new AccessTracking();
    private final Watches watches;
    private final Eviction eviction = new Eviction(this);
    private final KeyspaceEvents events = new KeyspaceEvents();
    private volatile BooleanSupplier paused = () -> false;

    public Keyspace(int databaseCount) {
        FreeGate gate = new FreeGate();
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, gate, views);
        }
        writes = new WritePath(this, gate);
        watches = new Watches(this);
        writes.addKeyspaceListener(watches);
    }

    /** The estimated heap cost of every database's keys and values: what {@code maxmemory} limits. */
    public long usedMemory() {
        long total = 0;
        for (Database db : databases) {
            total += db.bytes();
        }
        return total;
    }

    /**
     * The direct memory taken by the pages of string values, outside the Java heap (see
     * {@link ValueArena}); live and freed cells alike. A statistic: without the lock it may be a moment
     * old.
     */
    public long valueArenaBytes() {
        long total = 0;
        for (Database db : databases) {
            total += db.arenaBytes();
        }
        return total;
    }

    /** The number of keys each data key version protects, over every database (see {@link KeyVersionCounts}); under the lock. */
    public SortedMap<Integer, Long> keyVersionCounts() {
        SortedMap<Integer, Long> counts = new TreeMap<>();
        for (Database db : databases) {
            db.countKeyVersions(counts);
        }
        return counts;
    }

    /**
     * Evicts keys as {@code policy} ({@code maxmemory-policy}) says until the keyspace costs at most
     * {@code maxBytes}; false when it still costs more (noeviction, or nothing left to evict). Takes the lock.
     */
    public boolean evictUntil(long maxBytes, String policy, int samples) {
        lock.lock();
        try {
            return eviction.makeRoom(maxBytes, Eviction.Policy.of(policy), samples);
        } finally {
            lock.unlock();
        }
    }

    /** What says a CLIENT PAUSE lasts: meanwhile keys are neither expired nor evicted. */
    public void pausedBy(BooleanSupplier paused) {
        this.paused = paused;
    }

    /** True while CLIENT PAUSE keeps the data set from changing by itself (expiry, eviction). */
    public boolean changesPaused() {
        return paused.getAsBoolean();
    }

    /** Keyspace notifications ({@code notify-keyspace-events}). */
    public KeyspaceEvents events() {
        return events;
    }

    /** The keys clients WATCH. */
    public Watches watches() {
        return watches;
    }

    public ReentrantLock lock() {
        return lock;
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database database(int index) {
        return databases[index];
    }

    /**
     * Gives every database the identity its values were sealed for, as a snapshot recorded them; only
     * while loading, before the server serves. The ids must be distinct and non-negative.
     */
    public void assignDatabaseIds(long[] ids) {
        if (ids.length != databases.length || Arrays.stream(ids).distinct().count() != ids.length
                || Arrays.stream(ids).anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("database ids must be distinct and non-negative");
        }
        for (int i = 0; i < ids.length; i++) {
            databases[i].assignId(ids[i]);
        }
    }

    public WritePath writes() {
        return writes;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    /**
     * Adds an entry read from a snapshot, while loading before the server serves: no key is signalled
     * and no change counted, as the data is what was saved. {@code key} is copied; an
     * {@code expireAt} of -1 means none. False when {@code db} already holds the key.
     */
    public boolean load(Database db, byte[] key, Object value, long expireAt) {
        int hash = KeyHash.of(key);
        if (db.raw(key, hash) != null) {
            return false;
        }
        Entry entry = db.add(key, hash, value, initialAccess());
        if (expireAt >= 0) {
            db.setExpiry(entry, expireAt);
        }
        return true;
    }

    /**
     * A loader that fills the empty database {@code db} with a snapshot's keys, while loading before the
     * server serves (see {@link DatabaseLoader}); {@code expectedKeys}, what the snapshot announces, only
     * sizes it. The keys get the access clock of now, as {@link #load} gives.
     */
    public DatabaseLoader loader(Database db, long expectedKeys) {
        return new DatabaseLoader(db, expectedKeys, initialAccess());
    }

    /**
     * Milliseconds since the epoch, the one clock expiry is measured with: under the lock, the time of the
     * current hold (read once, see {@link SpinningLock}), so a command (a pipelined run, a whole EXEC) sees
     * no key expire midway, as in Redis; without it, the clock itself.
     */
    public long now() {
        return lock.isHeldByCurrentThread() ? lock.holdTime(clock) : clock.getAsLong();
    }

    /** Replaces the wall clock {@link #now} reads: for tests that need time to pass at chosen moments. */
    public void clock(LongSupplier clock) {
        this.clock = clock;
    }

    /** How accesses are recorded (LRU clock or LFU counter), set from the eviction policy. */
    public AccessTracking access() {
        return access;
    }

    int initialAccess() {
        return access.initial(now());
    }

    /**
     * Sets what OBJECT IDLETIME or FREQ will report (RESTORE ... IDLETIME / FREQ), as Redis does: the
     * frequency under an LFU policy, else the idle time; a negative argument is not given.
     */
    public void setAccess(Entry entry, long idleSeconds, int frequency) {
        if (access.lfu() && frequency >= 0) {
            entry.accessClock(access.withFrequency(now(), frequency));
        } else if (!access.lfu() && idleSeconds >= 0) {
            entry.accessClock(access.withIdle(now(), idleSeconds));
        }
    }

    /** Seconds since the key was last accessed (meaningful under a non-LFU policy). */
    public long idleSeconds(Entry entry) {
        return access.idleSeconds(entry.accessClock(), now());
    }

    /**
     * Counts an access of a live entry that was looked up with {@link #NO_TOUCH}: for a command that knows only
     * after its lookup whether that lookup is its access of the key (a compare-and-set that may fail and redo).
     */
    public void touch(Entry entry) {
        entry.accessClock(access.touched(entry.accessClock(), now()));
    }

    /** The key's logarithmic access counter (meaningful under an LFU policy). */
    public int frequency(Entry entry) {
        return access.frequency(entry.accessClock(), now());
    }

    /** A hasher giving {@link #hash} for one thread at a time, without a thread-local lookup per call. */
    public static KeyHasher hasher() {
        return KeyHash.hasher();
    }

    /**
     * The hash the tables file {@code key} under: the same in every database and for the whole process,
     * so a command may compute it before taking the lock and pass it to the lookups that take one.
     */
    public static int hash(byte[] key) {
        return KeyHash.of(key);
    }

    /** The live entry for {@code key}, expiring it first when its time has passed; null when absent. */
    public Entry lookup(Database db, byte[] key, int flags) {
        return lookup(db, key, KeyHash.of(key), flags);
    }

    /** {@link #lookup(Database, byte[], int)} for a key whose {@link #hash} is {@code hash}. */
    public Entry lookup(Database db, byte[] key, int hash, int flags) {
        Entry entry = db.raw(key, hash);
        if (entry != null && isExpired(db, entry)) {
            if (!changesPaused() && (flags & NO_EXPIRE) == 0) {
                writes.expire(db, entry);
            }
            entry = null;
        }
        if ((flags & NO_STATS) == 0) {
            stats.countLookup(entry != null);
            if (entry == null && (flags & NO_NOTIFY) == 0) {
                events.fire(KeyspaceEvents.KEY_MISS, "keymiss", db.index(), key);
            }
        }
        if (entry != null && (flags & NO_TOUCH) == 0) {
            touch(entry);
        }
        return entry;
    }

    /** Looks up for reading: lazy expiry, statistics, access clock. */
    public Entry lookupRead(Database db, byte[] key) {
        return lookup(db, key, 0);
    }

    /** Looks up for writing: lazy expiry, no statistics. */
    public Entry lookupWrite(Database db, byte[] key) {
        return lookup(db, key, NO_STATS);
    }

    /** {@link #lookupRead(Database, byte[])} for a key whose {@link #hash} is {@code hash}. */
    public Entry lookupRead(Database db, byte[] key, int hash) {
        return lookup(db, key, hash, 0);
    }

    /** {@link #lookupWrite(Database, byte[])} for a key whose {@link #hash} is {@code hash}. */
    public Entry lookupWrite(Database db, byte[] key, int hash) {
        return lookup(db, key, hash, NO_STATS);
    }

    boolean isExpired(Database db, Entry entry) {
        long at = db.expireAt(entry);
        return at >= 0 && at <= now();
    }

    /**
     * Every entry of {@code db}, expired ones included (callers filter), for a read-only walk (KEYS, a
     * snapshot's capture) that changes nothing meanwhile. An entry handed out is valid until the walk moves
     * on: the keys in cells are shown by one view that moves from cell to cell (see {@link KeyTable#entries}).
     */
    public Iterable<Entry> entries(Database db) {
        return db.entries();
    }

    /**
     * One SCAN step: collects the entries of the bucket {@code cursor} names into {@code into} and
     * returns the next cursor, 0 when the scan is complete.
     */
    public long scan(Database db, long cursor, List<Entry> into) {
        return db.scan(cursor, into);
    }

    /** A random live key, or null when the database is empty; expired keys met on the way are deleted. */
    public Entry randomKey(Database db) {
        while (true) {
            Entry entry = db.randomEntry();
            if (entry == null || !isExpired(db, entry)) {
                return entry;
            }
            writes.expire(db, entry);
        }
    }
}
