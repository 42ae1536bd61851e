package io.sealedkv.engine.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The one place every change to the keyspace goes through, under the keyspace lock. Each mutation
 * does the same visible steps: change the table, signal the modified key to the
 * {@link KeyspaceListener}s (WATCH, tracking), and count the change in {@link #dirty()} (what drives
 * persistence). The command that made the changes is then handed to the {@link PropagationListener}s
 * with {@link #propagate} (replication, the append-only file); expiries propagate as {@code DEL}.
 *
 * <p>Key arrays passed in are copied when stored, so callers may wipe their request buffers.
 */
public final class WritePath {
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    /** Arrays replaced on every (rare) addition, so a change walks them without an iterator. */
    private volatile PropagationListener[] propagation = new PropagationListener[0];
    private volatile KeyspaceListener[] keyListeners = new KeyspaceListener[0];
    private volatile long dirty;
    private final Map<Entry, Pending> resized = new IdentityHashMap<>();
    /** Set during a pipelined run's hold, whose commands' lock releases then leave {@link #resized} pending. */
    private boolean settlingHeld;

    /** A collection changed in place, and the memory counted for it before the change. */
    private record Pending(Database db, long before) {
    }
    private volatile SnapshotHook snapshotHook;

    private final FreeGate gate;

    WritePath(Keyspace keyspace, FreeGate gate) {
        this.keyspace = keyspace;
        this.gate = gate;
    }

    public synchronized void addPropagationListener(PropagationListener listener) {
        propagation = appended(propagation, listener);
    }

    /**
     * Whether any propagation listener is attached (an AOF, a replica): a command whose propagated form
     * needs extra work (SPOP's SREM of the members it popped) may skip it when none is. Read under the
     * keyspace lock, so a listener must be attached under it too.
     */
    public boolean propagates() {
        return propagation.length > 0;
    }

    public synchronized void addKeyspaceListener(KeyspaceListener listener) {
        keyListeners = appended(keyListeners, listener);
    }

    private static <T> T[] appended(T[] listeners, T listener) {
        T[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        return more;
    }

    /**
     * Registers the hook of the snapshot in progress (at most one), or clears it with null; under the
     * lock. While one is registered, freed string cells are not reused (see {@link FreeGate}), so the
     * snapshot can read the values it captured without the lock.
     */
    public void snapshotHook(SnapshotHook hook) {
        this.snapshotHook = hook;
        if (hook != null) {
            gate.close();
        } else {
            gate.open();
        }
    }

    /** Changes made since the server started. */
    public long dirty() {
        return dirty;
    }

    /** Stores {@code value} under {@code key}, replacing any value; the expiry is dropped unless kept. */
    public Entry set(Database db, byte[] key, Object value, boolean keepExpiry) {
        return set(db, key, KeyHash.of(key), value, keepExpiry, StringOrigin.STORED);
    }

    /** As {@link #set(Database, byte[], Object, boolean)}, for a string value of the given origin. */
    public Entry set(Database db, byte[] key, Object value, boolean keepExpiry, StringOrigin origin) {
        return set(db, key, KeyHash.of(key), value, keepExpiry, origin);
    }

    /**
     * As {@link #set(Database, byte[], Object, boolean)}, with the key's {@link Keyspace#hash} computed
     * before the lock (SET, MSET), so it is not hashed again under it.
     */
    public Entry set(Database db, byte[] key, int hash, Object value, boolean keepExpiry) {
        return set(db, key, hash, value, keepExpiry, StringOrigin.STORED);
    }

    /** As {@link #set(Database, byte[], int, Object, boolean)}, for a string value of the given origin. */
    public Entry set(Database db, byte[] key, int hash, Object value, boolean keepExpiry, StringOrigin origin) {
        Entry entry = db.raw(key, hash);
        if (entry == null) {
            entry = db.add(key, hash, value, keyspace.initialAccess());
            entry.origin(asConfigured(origin));
            changed(db, key);
            if (keyspace.events().enabled(KeyspaceEvents.NEW)) {
                keyspace.events().fire(KeyspaceEvents.NEW, "new", db.index(), entry.key());
            }
            return entry;
        }
        return overwrite(db, entry, key, value, keepExpiry, origin);
    }

    private Entry overwrite(Database db, Entry entry, byte[] key, Object value, boolean keepExpiry,
                            StringOrigin origin) {
        replaceValue(db, entry, value);
        entry.accessClock(keyspace.access().touched(entry.accessClock(), keyspace.now()));
        if (!keepExpiry) {
            db.clearExpiry(entry);
        }
        entry.origin(asConfigured(origin));
        changed(db, key);
        return entry;
    }

    /** Replaces the string value of a live entry, keeping its expiry (APPEND, INCR, ...). */
    public void replace(Database db, Entry entry, Object value, StringOrigin origin) {
        replaceValue(db, entry, value);
        entry.origin(asConfigured(origin));
        changed(db, entry.key());
    }

    /** {@code origin}, or {@link StringOrigin#UNSHARED} for a stored value while Redis would not share integers. */
    private StringOrigin asConfigured(StringOrigin origin) {
        return origin == StringOrigin.STORED && !keyspace.access().sharesIntegers() ? StringOrigin.UNSHARED : origin;
    }

    /**
     * Records that a string was made editable without being changed (SETBIT of a bit already so): like
     * Redis's unsharing, OBJECT ENCODING then reports raw; nothing is signalled.
     */
    public void madeEditable(Entry entry) {
        entry.origin(StringOrigin.EDITED);
    }

    /** RENAME and MOVE: the key keeps its access clock (LRU idle time, LFU counter), as Redis moves its object. */
    public void keepAccess(Entry moved, Entry from) {
        moved.accessClock(from.accessClock());
    }

    /**
     * Announces that the collection of a live entry is about to be changed in place (LPUSH, HSET, ...):
     * call it before the change, under the same lock, so a snapshot in progress can keep the version
     * it needs before it changes.
     */
    public void modifying(Database db, Entry entry) {
        reencoding(db, entry);
        changed(db, entry.key());
    }

    /**
     * Signals, and counts, a change of a live entry's collection that {@link #reencoding} announced before it
     * was made: for a write that signals its keys in another order than it changes them (LMOVE).
     */
    public void modified(Database db, Entry entry) {
        changed(db, entry.key());
    }

    /**
     * Announces that the collection of a live entry is about to be encoded differently in place, its
     * elements unchanged (a list packing its edge after the command that grew it): the memory count and
     * a snapshot in progress see the change; WATCH, tracking and persistence do not, as clients read
     * the same.
     */
    public void reencoding(Database db, Entry entry) {
        if (!resized.containsKey(entry)) {
            resized.put(entry, new Pending(db, MemoryCost.of(entry)));
        }
        SnapshotHook hook = snapshotHook;
        if (hook != null && entry.stored() instanceof CollectionValue collection) {
            hook.beforeChange(collection);
        }
    }

    /**
     * Brings the memory count up to date with the collections changed in place since the last call;
     * run before the keyspace lock is released, so outside the lock the count is exact.
     */
    public void settle() {
        if (!settlingHeld) {
            settleAll();
        }
    }

    /** {@link #settle} even inside a run's hold: before a flush or a swap moves entries out of their database. */
    private void settleAll() {
        if (resized.isEmpty()) {
            return;
        }
        resized.forEach((entry, pending) -> {
            if (pending.db().raw(entry.key()) == entry) {
                pending.db().adjustBytes(MemoryCost.of(entry) - pending.before());
            }
        });
        resized.clear();
    }

    /**
     * Under the lock, at the start of a pipelined run's hold (several commands' changes in one hold, see
     * {@code WriteRun}): until {@link #releaseSettling}, {@link #settle} leaves the collections changed in place
     * pending, so a collection that every command of the run changes is measured twice for the run, not twice per
     * command. Nothing reads the count inside the hold, and a run never starts under maxmemory.
     */
    public void holdSettling() {
        settlingHeld = true;
    }

    /** Ends {@link #holdSettling} and brings the count up to date; before the run's hold is released. */
    public void releaseSettling() {
        settlingHeld = false;
        settle();
    }

    /** Counts an in-place change now, before the entry leaves the table or gets another value. */
    private void settle(Entry entry) {
        if (resized.isEmpty()) {
            return;
        }
        Pending pending = resized.remove(entry);
        if (pending != null && pending.db().raw(entry.key()) == entry) {
            pending.db().adjustBytes(MemoryCost.of(entry) - pending.before());
        }
    }

    private void replaceValue(Database db, Entry entry, Object value) {
        settle(entry);
        long before = MemoryCost.of(entry);
        db.replaceValue(entry, value);
        db.adjustBytes(MemoryCost.of(entry) - before);
    }

    /**
     * Replaces the value of a live entry with the same data sealed anew ({@code SEALEDKV REWRAP}): what
     * clients read does not change, so WATCH and tracking are not signalled, but the change is counted
     * for persistence so the next save writes the new sealing.
     */
    public void resealed(Database db, Entry entry, Object value) {
        replaceValue(db, entry, value);
        dirty++;
    }

    /** Deletes {@code key}; true when it existed (expired keys count as absent). */
    public boolean delete(Database db, byte[] key) {
        Entry entry = keyspace.lookupWrite(db, key);
        if (entry == null) {
            return false;
        }
        remove(db, entry);
        return true;
    }

    /**
     * Deletes {@code key} whether or not its time has passed, as Redis's dbDelete does where a STORE command
     * leaves its destination empty (it announces {@code del}, not {@code expired}); true when it was there.
     */
    public boolean deleteEvenExpired(Database db, byte[] key) {
        Entry entry = db.raw(key);
        if (entry == null) {
            return false;
        }
        remove(db, entry);
        return true;
    }

    /** Deletes a live entry found by the caller. */
    public void remove(Database db, Entry entry) {
        settle(entry);
        db.remove(entry);
        changed(db, entry.key());
    }

    public void setExpiry(Database db, Entry entry, long at) {
        db.setExpiry(entry, at);
        changed(db, entry.key());
    }

    /** Drops the expiry; true when there was one. */
    public boolean persist(Database db, Entry entry) {
        if (!entry.hasExpiry()) {
            return false;
        }
        db.clearExpiry(entry);
        changed(db, entry.key());
        return true;
    }

    /** Deletes every key of {@code db}; returns how many there were. */
    public long flush(Database db) {
        settleAll();
        databaseEmptying(db, null);
        long dropped = db.clear();
        databaseChanged(db);
        dirty += dropped;
        return dropped;
    }

    public void swap(Database a, Database b) {
        settleAll();
        databaseEmptying(a, b);
        databaseEmptying(b, a);
        a.swapWith(b);
        for (KeyspaceListener listener : keyListeners) {
            listener.databaseSwapped(a.index());
            listener.databaseSwapped(b.index());
        }
        dirty++;
    }

    /**
     * Deletes a key whose time has passed and propagates it as {@code DEL} on its own; like Redis, it
     * does not count as a change of the command that met it, so a read stays a read.
     */
    void expire(Database db, Entry entry) {
        settle(entry);
        db.remove(entry);
        keyspace.stats().countExpired();
        signal(db, entry.key());
        keyspace.events().fire(KeyspaceEvents.EXPIRED, "expired", db.index(), entry.key());
        propagate(db.index(), new byte[][] {DEL, entry.key()});
    }

    /** Deletes a key to make room under maxmemory; propagated as {@code DEL}, like an expiry. */
    void evict(Database db, Entry entry) {
        settle(entry);
        db.remove(entry);
        keyspace.stats().countEvicted();
        signal(db, entry.key());
        keyspace.events().fire(KeyspaceEvents.EVICTED, "evicted", db.index(), entry.key());
        propagate(db.index(), new byte[][] {DEL, entry.key()});
    }

    /** Hands a command that changed the keyspace to the propagation listeners, in change order. */
    public void propagate(int database, byte[][] argv) {
        for (PropagationListener listener : propagation) {
            listener.propagate(database, argv);
        }
    }

    /**
     * Tells WATCH and client tracking that {@code key} was written without a change to it (LTRIM keeping
     * every element: Redis signals it all the same); nothing is counted as dirty or propagated.
     */
    public void touched(Database db, byte[] key) {
        signal(db, key);
    }

    private void databaseEmptying(Database emptied, Database replacedWith) {
        for (KeyspaceListener listener : keyListeners) {
            listener.databaseEmptying(emptied, replacedWith);
        }
    }

    private void databaseChanged(Database db) {
        for (KeyspaceListener listener : keyListeners) {
            listener.databaseChanged(db.index());
        }
    }

    private void changed(Database db, byte[] key) {
        signal(db, key);
        dirty++;
    }

    private void signal(Database db, byte[] key) {
        for (KeyspaceListener listener : keyListeners) {
            listener.keyModified(db.index(), key);
        }
    }
}
