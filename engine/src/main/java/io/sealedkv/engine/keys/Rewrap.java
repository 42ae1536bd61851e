package io.sealedkv.engine.keys;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceListener;
import io.sealedkv.engine.keyspace.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SEALEDKV REWRAP}: re-seals, on one background thread and in small steps, every stored value
 * not under the primary key version, so the older versions protect nothing and may be destroyed.
 *
 * <p>A step takes the keyspace lock twice, briefly. First it walks up to {@value #STEP_KEYS} keys of one
 * database with a SCAN cursor and picks those to redo: a string whose envelope names another version,
 * a collection whose token version or any sealed element or block is not the primary. For a picked
 * collection it serializes the payload (sealed bytes only, no crypto) and starts watching its key. Then,
 * without the lock, strings are opened and sealed again for the same database id and key, and each
 * collection is rebuilt from its payload and deep-copied into a fresh identity under the primary
 * (elements resealed, tokens recomputed), so a collection ends up entirely under one version. Last,
 * under the lock again, each result replaces the value only if the key still holds exactly what was
 * read: the same sealed array for a string (any write replaces it), the same collection object not
 * changed since (the watch saw no write to the key and no flush or swap of its database), and the
 * database still has the id the value was sealed for. Otherwise the result is dropped: whatever the
 * client wrote was sealed under the primary anyway. Values are replaced, never changed in place, so a
 * BGSAVE in progress keeps the objects it captured. Expired keys are left to expiry.
 *
 * <p>With {@code rewrap-keys-per-second} set, the worker waits between steps so that it reseals no more
 * than that many values a second ({@link RewrapPace}); a stop request ends the wait.
 *
 * <p>A pass ends when every database was walked; if keys under older versions remain (a rotation or
 * SWAPDB during the pass, lost races) another pass runs, up to {@value #MAX_PASSES}.
 */
public final class Rewrap implements KeyspaceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Rewrap.class);
    static final int STEP_KEYS = 64;
    static final int MAX_PASSES = 3;

    private final Keyspace keyspace;
    private final ValueCodec codec;
    private final ReentrantLock lock;
    private final LongSupplier keysPerSecond;
    private RewrapPace pace;
    /** Keys of collections being copied in this step, under the lock. */
    private final Set<ByteBuffer> watched = new HashSet<>();
    private final Set<ByteBuffer> changed = new HashSet<>();
    private int watchedDatabase = -1;
    private boolean databaseChanged;
    /** A collection was picked in this pass: the next pass checks that none is left mixed. */
    private boolean collectionsPicked;
    private Thread worker;
    private volatile boolean stopRequested;
    private volatile boolean running;
    private volatile long scanned;
    private volatile long resealed;
    private volatile long raced;
    private volatile long unreadable;
    private volatile int target;
    private volatile long startedAt;
    private volatile long finishedAt;
    private volatile String status = "never";

    /** {@code keysPerSecond}: the most values to reseal a second, 0 for no limit; read after every step. */
    public Rewrap(Keyspace keyspace, ValueCodec codec, LongSupplier keysPerSecond) {
        this.keyspace = keyspace;
        this.codec = codec;
        this.keysPerSecond = keysPerSecond;
        this.lock = keyspace.lock();
        keyspace.writes().addKeyspaceListener(this);
    }

    /** Starts a rewrap; false when one is running already. */
    public synchronized boolean start() {
        if (running) {
            return false;
        }
        stopRequested = false;
        running = true;
        scanned = 0;
        resealed = 0;
        raced = 0;
        unreadable = 0;
        startedAt = System.currentTimeMillis();
        finishedAt = 0;
        status = "running";
        pace = new RewrapPace(keysPerSecond);
        worker = new Thread(this::run, "sealedkv-rewrap");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Asks a running rewrap to stop after its current step; false when none runs. */
    public synchronized boolean stop() {
        if (!running) {
            return false;
        }
        stopRequested = true;
        LockSupport.unpark(worker);
        return true;
    }

    /** Stops a running rewrap and waits for it (server shutdown). */
    public void close() throws InterruptedException {
        synchronized (this) {
            stopRequested = true;
            if (worker != null) {
                LockSupport.unpark(worker);
            }
        }
        await();
    }

    /** Waits for the running rewrap, if any, to end. */
    public void await() throws InterruptedException {
        Thread thread;
        synchronized (this) {
            thread = worker;
        }
        if (thread != null) {
            thread.join();
        }
    }

    public boolean running() {
        return running;
    }

    /** Keys looked at since the last start. */
    public long scanned() {
        return scanned;
    }

    /** Keys resealed since the last start. */
    public long resealed() {
        return resealed;
    }

    /** Results dropped because a client changed the key meanwhile. */
    public long raced() {
        return raced;
    }

    /** Values that could not be opened (unknown or destroyed version, damaged) and were left as they are. */
    public long unreadable() {
        return unreadable;
    }

    /** The key version the last start brings values under (0 before any). */
    public int target() {
        return target;
    }

    /** never, running, done, stopped or failed: reason. */
    public String status() {
        return status;
    }

    public long startedAt() {
        return startedAt;
    }

    public long finishedAt() {
        return finishedAt;
    }

    /** Keys counted under another version than the primary (see {@code KeyVersionCounts}); under the lock. */
    public static long remaining(Keyspace keyspace, int primary) {
        long remaining = 0;
        for (Map.Entry<Integer, Long> count : keyspace.keyVersionCounts().entrySet()) {
            if (count.getKey() != primary) {
                remaining += count.getValue();
            }
        }
        return remaining;
    }

    private void run() {
        String outcome = "done";
        try {
            long left = 0;
            for (int pass = 0; pass < MAX_PASSES && !stopRequested; pass++) {
                target = codec.tokens().version();
                pass();
                left = remainingNow();
                if (left == 0 && !collectionsPicked) {
                    break;
                }
            }
            if (stopRequested) {
                outcome = "stopped";
            } else if (left > 0) {
                outcome = "incomplete: " + left + " keys still under older versions";
            }
        } catch (RuntimeException e) {
            LOG.warn("Rewrap failed", e);
            outcome = "failed: " + e.getMessage();
        } finally {
            finishedAt = System.currentTimeMillis();
            status = outcome;
            running = false;
            LOG.info("Rewrap {}: {} keys scanned, {} resealed under key version {}", outcome, scanned, resealed,
                    target);
        }
    }

    private long remainingNow() {
        lock.lock();
        try {
            return remaining(keyspace, target);
        } finally {
            lock.unlock();
        }
    }

    private void pass() {
        collectionsPicked = false;
        for (int index = 0; index < keyspace.databaseCount() && !stopRequested; index++) {
            long cursor = 0;
            do {
                cursor = step(index, cursor);
            } while (cursor != 0 && !stopRequested);
        }
    }

    /** A picked value: what was read under the lock, and what replaces it. */
    private static final class Work {
        final Entry entry;
        final byte[] key;
        final Object read;
        final byte[] payload;
        Object result;

        Work(Entry entry, Object read, byte[] payload) {
            this.entry = entry;
            this.key = entry.key().clone();
            this.read = read;
            this.payload = payload;
        }
    }

    private long step(int index, long cursor) {
        List<Work> picked = new ArrayList<>();
        long dbId;
        long next;
        lock.lock();
        try {
            Database db = keyspace.database(index);
            dbId = db.id();
            List<Entry> entries = new ArrayList<>();
            next = cursor;
            do {
                next = keyspace.scan(db, next, entries);
            } while (next != 0 && entries.size() < STEP_KEYS);
            long now = keyspace.now();
            watchedDatabase = index;
            databaseChanged = false;
            for (Entry entry : entries) {
                long at = db.expireAt(entry);
                if (at >= 0 && at <= now) {
                    continue;
                }
                scanned++;
                Work work = pick(entry);
                if (work != null) {
                    picked.add(work);
                    if (work.payload != null) {
                        watched.add(ByteBuffer.wrap(work.key));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            for (Work work : picked) {
                work.result = redoOrSkip(dbId, work);
            }
        } finally {
            commit(index, dbId, picked);
        }
        keepPace(picked.size());
        return next;
    }

    private void keepPace(int redone) {
        long delay = pace.delayAfter(redone, System.nanoTime());
        long until = System.nanoTime() + delay;
        while (delay > 0 && !stopRequested) {
            LockSupport.parkNanos(this, delay);
            delay = until - System.nanoTime();
        }
    }

    /** The work for {@code entry}, or null when it is all under the target version already. */
    private Work pick(Entry entry) {
        Object value = entry.value();
        if (value instanceof byte[] sealed) {
            return codec.keyVersion(sealed) == target ? null : new Work(entry, sealed, null);
        }
        CollectionValue collection = (CollectionValue) value;
        boolean[] other = {collection.identity().tokenVersion() != target};
        if (!other[0]) {
            collection.forEachSealed(sealed -> other[0] |= codec.keyVersion(sealed) != target);
        }
        collectionsPicked |= other[0];
        return other[0] ? new Work(entry, collection, CollectionReaders.payload(collection)) : null;
    }

    /** The resealed value, or null when it cannot be opened (e.g. its version was destroyed): left as it is. */
    private Object redoOrSkip(long dbId, Work work) {
        try {
            return redo(dbId, work);
        } catch (SealingException e) {
            if (unreadable++ == 0) {
                LOG.warn("Rewrap: a value could not be opened and stays as it is: {}", e.getMessage());
            }
            return null;
        }
    }

    private Object redo(long dbId, Work work) {
        if (work.payload == null) {
            SealContext context = SealContext.of(dbId, work.key);
            byte[] plaintext = codec.open(context, (byte[]) work.read);
            try {
                return codec.seal(context, plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        CollectionValue original = (CollectionValue) work.read;
        CollectionValue copy = copyOf(original.type(), work.payload);
        return copy.copy(ElementSealer.of(codec, copy), ElementSealer.forNew(codec));
    }

    private void commit(int index, long dbId, List<Work> picked) {
        lock.lock();
        try {
            Database db = keyspace.database(index);
            for (Work work : picked) {
                if (work.result == null) {
                    continue;
                }
                Entry live = db.id() == dbId ? keyspace.lookup(db, work.key, Keyspace.NO_TOUCH | Keyspace.NO_STATS) : null;
                // A string's entry may be a view of its cell, which ended with the hold that picked it (see
                // Entry): its key, looked up again by name, holding the same sealed bytes is the same write.
                boolean sameKey = live == work.entry || live != null && work.read instanceof byte[];
                boolean unchanged = sameKey && live.holds(work.read)
                        && (work.payload == null || !databaseChanged && !changed.contains(ByteBuffer.wrap(work.key)));
                if (unchanged) {
                    keyspace.writes().resealed(db, live, work.result);
                    resealed++;
                } else {
                    raced++;
                }
            }
            keyspace.writes().settle();
        } finally {
            watched.clear();
            changed.clear();
            watchedDatabase = -1;
            lock.unlock();
        }
    }

    @Override
    public void keyModified(int database, byte[] key) {
        if (database == watchedDatabase && !watched.isEmpty()) {
            ByteBuffer wrapped = ByteBuffer.wrap(key);
            if (watched.contains(wrapped)) {
                changed.add(ByteBuffer.wrap(key.clone()));
            }
        }
    }

    @Override
    public void databaseChanged(int database) {
        if (database == watchedDatabase) {
            databaseChanged = true;
        }
    }

    private static CollectionValue copyOf(ValueType type, byte[] payload) {
        try {
            return CollectionReaders.read(type, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
