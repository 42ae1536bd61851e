package io.sealedkv.engine.persistence;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.SnapshotHook;
import io.sealedkv.engine.keyspace.ValueArena;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keyspace at one point in time, without fork(): taken under the keyspace lock by copying entry
 * references (key, value, expiry) into arrays, which the writer then writes without the lock.
 *
 * <p>Why references suffice: a string value is a sealed array that is replaced, never changed, or a cell
 * of a {@link ValueArena} that is not reused while the snapshot is registered (its cells freed meanwhile
 * wait: see {@code FreeGate}) and holds the key's name too, and key arrays are never changed either, so what
 * was captured stays as it was whatever clients do next.
 * A collection is changed in place, so it is copy-on-write: while the snapshot is registered as the
 * write path's {@link SnapshotHook}, a collection the snapshot still has to write is serialized (its
 * {@code writePayload}, sealed bytes only) into the snapshot's pending buffer just before its first
 * change; the writer takes that buffer, or serializes the untouched collection itself under the lock.
 * Either way the bytes written are the collection as it was at capture. The extra memory is the
 * serialized size of the collections changed during the save (INFO {@code current_cow_size}).
 *
 * <p>The data key versions the file needs are counted at capture, under the lock (a string's envelope
 * names its version; a collection's sealed arrays and token version are visited): the collections
 * are written as they were then, so the count is exact before the first byte is written.
 */
final class Snapshot implements SnapshotHook {
    /** One database's share of the captured arrays, {@code [from, to)}. */
    record DatabaseView(int index, long id, int from, int to) {
    }

    private static final byte[] NOT_YET = new byte[0];

    private final List<DatabaseView> databases;
    /** Key names kept on the heap; null for a key whose name is in its cell. */
    private final byte[][] keys;
    /** As stored: a collection, a sealed array, or the {@link ValueArena} holding the key and string at {@code cells[i]}. */
    private final Object[] values;
    private final int[] cells;
    private final long[] expires;
    private final TreeSet<Integer> versions;
    private final Map<CollectionValue, byte[]> pending;
    private final ReentrantLock lock;
    private long cowBytes;
    private volatile long written;
    private volatile boolean cancelled;

    private Snapshot(List<DatabaseView> databases, byte[][] keys, Object[] values, int[] cells, long[] expires,
                     TreeSet<Integer> versions, Map<CollectionValue, byte[]> pending, ReentrantLock lock) {
        this.databases = databases;
        this.keys = keys;
        this.values = values;
        this.cells = cells;
        this.expires = expires;
        this.versions = versions;
        this.pending = pending;
        this.lock = lock;
    }

    /** Captures every live key; call under the keyspace lock. */
    static Snapshot capture(Keyspace keyspace, ValueCodec codec) {
        long now = keyspace.now();
        int total = 0;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            total += keyspace.database(i).size();
        }
        byte[][] keys = new byte[total][];
        Object[] values = new Object[total];
        int[] cells = new int[total];
        long[] expires = new long[total];
        List<DatabaseView> databases = new ArrayList<>();
        Map<CollectionValue, byte[]> pending = new IdentityHashMap<>();
        TreeSet<Integer> versions = new TreeSet<>();
        int n = 0;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.database(i);
            if (db.size() == 0) {
                continue;
            }
            int from = n;
            int lastVersion = -1;
            for (Entry entry : keyspace.entries(db)) {
                long at = db.expireAt(entry);
                if (at >= 0 && at <= now) {
                    continue;
                }
                values[n] = entry.stored();
                keys[n] = values[n] instanceof ValueArena ? null : entry.key();
                cells[n] = entry.address();
                expires[n] = at;
                if (values[n] instanceof CollectionValue collection) {
                    pending.put(collection, NOT_YET);
                    census(collection, codec, versions);
                } else {
                    int version = entry.stringKeyVersion();
                    if (version != lastVersion) {
                        versions.add(version);
                        lastVersion = version;
                    }
                }
                n++;
            }
            if (n > from) {
                databases.add(new DatabaseView(i, db.id(), from, n));
            }
        }
        return new Snapshot(List.copyOf(databases), keys, values, cells, expires, versions, pending,
                keyspace.lock());
    }

    /** Adds the data key versions {@code collection} needs to {@code versions}. */
    static void census(CollectionValue collection, ValueCodec codec, TreeSet<Integer> versions) {
        versions.add(collection.identity().tokenVersion());
        collection.forEachSealed(sealed -> versions.add(codec.keyVersion(sealed)));
    }

    @Override
    public void beforeChange(CollectionValue value) {
        if (pending.get(value) == NOT_YET) {
            byte[] bytes = CollectionReaders.payload(value);
            pending.put(value, bytes);
            cowBytes += bytes.length;
        }
    }

    /** The payload of a captured collection as it was at capture; takes the keyspace lock briefly. */
    byte[] payload(CollectionValue collection) {
        lock.lock();
        try {
            byte[] bytes = pending.remove(collection);
            if (bytes != null && bytes != NOT_YET) {
                cowBytes -= bytes.length;
                return bytes;
            }
            return CollectionReaders.payload(collection);
        } finally {
            lock.unlock();
        }
    }

    List<DatabaseView> databases() {
        return databases;
    }

    /** Captured key {@code i}'s name: read from its cell when it has one. */
    byte[] key(int i) {
        return keys[i] != null ? keys[i] : ((ValueArena) values[i]).key(cells[i]);
    }

    /** Captured value {@code i}: a collection, or a string's sealed bytes. */
    Object value(int i) {
        return values[i] instanceof ValueArena arena ? arena.read(cells[i]) : values[i];
    }

    long expireAt(int i) {
        return expires[i];
    }

    /** Keys captured. */
    int size() {
        return databases.isEmpty() ? 0 : databases.get(databases.size() - 1).to();
    }

    /** The data key versions the captured values need. */
    TreeSet<Integer> versions() {
        return versions;
    }

    /** Bytes of collections kept for the snapshot because they changed while it ran; under the lock. */
    long cowBytes() {
        return cowBytes;
    }

    void countWritten() {
        written++;
    }

    long written() {
        return written;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}
