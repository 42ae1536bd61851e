package io.sealedkv.engine.command;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyHasher;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.server.SealedKvServer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What a command runs with: its arguments, its client, the server, and the helpers every command
 * needs (argument parsing, the keyspace lock, sealing and opening values). One per connection,
 * reused for every command of that connection.
 *
 * <p>The lock: {@link #lock()} takes the keyspace lock; closing it releases the lock and, if the
 * command changed the keyspace, first hands the command (or what it {@linkplain #propagateAs rewrote
 * itself to}) to the write path's propagation listeners, so they see changes in lock order, and then,
 * still holding it, serves the clients blocked on keys the command made ready.
 */
public final class CommandContext {
    private static final int OPTIMISTIC_ATTEMPTS = 3;
    private static final byte[] MULTI = Text.bytes("MULTI");
    private final SealedKvServer server;
    private final ClientSession session;
    private final Keyspace keyspace;
    private final ValueCodec codec;
    private final Locked locked = new Locked();
    private byte[][] args;
    private CommandSpec spec;
    private int lockDepth;
    private long dirtyBefore;
    private byte[][] propagateAs;
    private final boolean inTransaction;
    /** An optimistic command's attempt after its first ({@link Optimistic}). */
    private boolean retrying;
    private boolean propagatedMulti;
    /** The request argument whose hash is {@link #preparedHash} (compared by identity), or null. */
    private byte[] preparedKey;
    private int preparedHash;
    private final byte[][] touchKeys = new byte[1][];
    private final int[] touchHashes = new int[1];
    private final int[] touchChains = new int[1];
    private final KeyHasher hasher = Keyspace.hasher();
    /** Keeps what {@link Database#touch} read, so the JIT cannot drop the reads. */
    private int touched;

    public CommandContext(SealedKvServer server, ClientSession session) {
        this(server, session, false);
    }

    private CommandContext(SealedKvServer server, ClientSession session, boolean inTransaction) {
        this.server = server;
        this.session = session;
        this.keyspace = server.keyspace();
        this.codec = server.codec();
        this.inTransaction = inTransaction;
    }

    /** A context for the commands of one EXEC: the first change it propagates is preceded by MULTI. */
    public static CommandContext forTransaction(SealedKvServer server, ClientSession session) {
        return new CommandContext(server, session, true);
    }

    /** True when this transaction context propagated MULTI, so EXEC must follow. */
    public boolean propagatedMulti() {
        return propagatedMulti;
    }

    /** True while the command runs inside EXEC (blocking commands then do not block, as in Redis). */
    public boolean inTransaction() {
        return inTransaction;
    }

    /** Marks the attempts of an {@link Optimistic} command after its first. */
    void retrying(boolean retrying) {
        this.retrying = retrying;
    }

    /**
     * The flags of a read lookup in this command: none on its first attempt, no statistics and no keymiss
     * event on an {@link Optimistic} retry, which looks up again keys the command already looked up.
     */
    public int readLookupFlags() {
        return retrying ? Keyspace.NO_STATS | Keyspace.NO_NOTIFY : 0;
    }

    /** Prepares for the next command. */
    public void begin(CommandSpec command, byte[][] arguments) {
        this.spec = command;
        this.args = arguments;
        this.propagateAs = null;
    }

    /** Wipes the arguments once the command is done: no value plaintext outlives its command. */
    public void end() {
        for (byte[] arg : args) {
            Arrays.fill(arg, (byte) 0);
        }
        args = null;
        preparedKey = null;
    }

    /**
     * The {@linkplain Keyspace#hash hash} of {@code key}, computed before the lock, with the key's chain
     * warmed in this core's cache ({@link Database#touch}) so the lookup under the lock meets no cache
     * miss; free when the request handler already did both for a pipelined batch ({@link #prepared}).
     */
    public int prepare(byte[] key) {
        if (key == preparedKey) {
            return preparedHash;
        }
        int hash = hasher.hash(key);
        touchKeys[0] = key;
        touchHashes[0] = hash;
        touched += db().touch(touchKeys, touchHashes, touchChains, 1);
        touchKeys[0] = null;
        preparedKey = key;
        preparedHash = hash;
        return hash;
    }

    /** The key's {@link Keyspace#hash}, from this context's own hasher (one thread at a time uses a context). */
    public int hash(byte[] key) {
        return hasher.hash(key);
    }

    /** Records that {@code key}, an argument of the next request, hashes to {@code hash} and is warmed already. */
    public void prepared(byte[] key, int hash) {
        preparedKey = key;
        preparedHash = hash;
    }

    /** The hashes of arguments {@code from}, {@code from + step}, ... below {@code to}, all warmed together. */
    public int[] prepareAll(int from, int to, int step) {
        int count = (to - from + step - 1) / step;
        byte[][] keys = new byte[count][];
        int[] hashes = new int[count];
        for (int i = 0; i < count; i++) {
            keys[i] = args[from + i * step];
            hashes[i] = hasher.hash(keys[i]);
        }
        touched += db().touch(keys, hashes, new int[count], count);
        return hashes;
    }

    public SealedKvServer server() {
        return server;
    }

    public ClientSession session() {
        return session;
    }

    /** The value codec: sealing for strings here, for collection elements through {@link ElementSealer}. */
    public ValueCodec codec() {
        return codec;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public RespWriter reply() {
        return session.writer();
    }

    public CommandSpec spec() {
        return spec;
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int index) {
        return args[index];
    }

    /** Arguments {@code from} (inclusive) to {@code to} (exclusive), e.g. the keys before a timeout. */
    public List<byte[]> args(int from, int to) {
        return Arrays.asList(args).subList(from, to);
    }

    public String argString(int index) {
        return Text.of(args[index]);
    }

    /** True when argument {@code index} equals {@code lowerAscii}, ignoring case. */
    public boolean argIs(int index, String lowerAscii) {
        return Text.is(args[index], lowerAscii);
    }

    public long argLong(int index) {
        return Args.parseLong(args[index]);
    }

    /** The client's selected database; meaningful under the lock. */
    public Database db() {
        return keyspace.database(session.database());
    }

    /** Takes the keyspace lock; use in try-with-resources. */
    public Locked lock() {
        keyspace.lock().lock();
        if (lockDepth++ == 0) {
            dirtyBefore = keyspace.writes().dirty();
            server.eventPublisher().running(session);
        }
        return locked;
    }

    /**
     * Fires keyspace notification {@code event} of class {@code type} (a {@link KeyspaceEvents}
     * constant) for {@code key} of the client's database; call under the lock, after the change.
     */
    public void notifyEvent(int type, String event, byte[] key) {
        keyspace.events().fire(type, event, session.database(), key);
    }

    /** What to propagate instead of the command as received, e.g. relative expiries made absolute. */
    public void propagateAs(byte[]... argv) {
        this.propagateAs = argv;
    }

    /** Seals a client value for {@code key} in the current database, before taking the lock. */
    public PreSealed preseal(byte[] key, byte[] plaintext) {
        long dbId = db().id();
        return new PreSealed(dbId, seal(dbId, key, plaintext), key, plaintext);
    }

    /**
     * Notes, inside EXEC, that {@code sealed} was just stored from one of this command's arguments: Redis stores
     * the argument's object, which the queued command references until EXEC ends (OBJECT REFCOUNT counts it:
     * {@link io.sealedkv.engine.server.Transaction#holds}).
     */
    public void storedArgument(byte[] sealed) {
        if (inTransaction) {
            session.transaction().argumentStored(sealed);
        }
    }

    /** The sealed bytes valid for {@code db}: resealed if SWAPDB moved the database since presealing. */
    public byte[] sealedFor(Database db, PreSealed value) {
        return value.dbId() == db.id() ? value.sealed() : seal(db, value.key(), value.plaintext());
    }

    public byte[] seal(Database db, byte[] key, byte[] plaintext) {
        return seal(db.id(), key, plaintext);
    }

    /**
     * Seals {@code plaintext} for {@code key} of the database of identity {@code dbId}. The codec refuses values
     * over its own limit, which can be below a proto-max-bulk-len raised later.
     */
    public byte[] seal(long dbId, byte[] key, byte[] plaintext) {
        try {
            return codec.seal(SealContext.of(dbId, key), plaintext);
        } catch (IllegalArgumentException e) {
            throw Errors.stringTooLong();
        }
    }

    public byte[] open(long dbId, byte[] key, byte[] sealed) {
        return codec.open(SealContext.of(dbId, key), sealed);
    }

    /**
     * Replaces the string at {@code key} with what {@code update} computes from its plaintext, as one
     * atomic step, with the crypto outside the lock: the sealed value is read under the lock, opened,
     * computed on and the result sealed without it, then stored under the lock only if the key still
     * holds the value that was read (compare-and-set on the stored array); otherwise it starts over.
     * After {@value #OPTIMISTIC_ATTEMPTS} lost races it runs holding the lock throughout, so a key
     * rewritten without pause cannot keep it spinning. The key keeps its expiry. Plaintexts are wiped
     * once sealed. A result without a value leaves the key as it is (SETRANGE of nothing on a missing key).
     * A stored result fires the string keyspace notification {@code event}.
     */
    public <R> R update(byte[] key, String event, StringUpdate<R> update) {
        int hash = prepare(key);
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            StringUpdate.Result<R> done = tryUpdate(key, hash, event, update);
            if (done != null) {
                return done.reply();
            }
        }
        try (var lock = lock()) {
            return tryUpdate(key, hash, event, update).reply();
        }
    }

    /** One read-compute-seal-commit round; null when the key changed in between. */
    private <R> StringUpdate.Result<R> tryUpdate(byte[] key, int hash, String event, StringUpdate<R> update) {
        byte[] sealed;
        long dbId;
        try (var lock = lock()) {
            Database db = db();
            Entry entry = keyspace.lookupWrite(db, key, hash);
            sealed = entry == null ? null : Values.string(entry);
            dbId = db.id();
        }
        byte[] current = sealed == null ? null : open(dbId, key, sealed);
        StringUpdate.Result<R> result;
        try {
            result = update.apply(current);
        } finally {
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
        }
        if (result.value() == null) {
            return result;
        }
        byte[] resealed = seal(dbId, key, result.value());
        Arrays.fill(result.value(), (byte) 0);
        // the read above counted the command's access of the key: the commit does not count another (review-23 F2)
        return storeIfUnchanged(key, hash, dbId, sealed, resealed, result.origin(), event, false) ? result : null;
    }

    /**
     * Runs {@code look} under the keyspace lock as a look ahead of commands that will run later (a pipelined
     * run's, see {@link WriteRun#prepare}): it must change nothing, and the lock is taken directly, not through
     * {@link #lock}, so its release settles and propagates nothing.
     */
    public void lookAhead(Runnable look) {
        keyspace.lock().lock();
        try {
            look.run();
        } finally {
            keyspace.lock().unlock();
        }
    }

    /**
     * The commit of a change computed outside the lock by a pipelined run (as
     * {@link io.sealedkv.engine.command.string.IncrRun}), whose look ahead did not count as an access of the key:
     * a store counts it here (a command that then runs alone counts it there). Stores {@code resealed} (sealed
     * for database {@code dbId}) at {@code key}, keeping its expiry, if the current database is still
     * {@code dbId} and the key still holds {@code read} (null: the key was absent), and fires the string
     * notification {@code event}; false, changing nothing, when either moved on. Takes the lock, as a change by
     * this command.
     */
    public boolean storeIfUnchanged(byte[] key, int hash, long dbId, byte[] read, byte[] resealed, StringOrigin origin,
                                     String event) {
        return storeIfUnchanged(key, hash, dbId, read, resealed, origin, event, true);
    }

    /** {@link #storeIfUnchanged}; {@code countsAccess}: a store counts as the command's access of the key. */
    private boolean storeIfUnchanged(byte[] key, int hash, long dbId, byte[] read, byte[] resealed, StringOrigin origin,
                                     String event, boolean countsAccess) {
        try (var lock = lock()) {
            Database db = db();
            Entry entry = keyspace.lookup(db, key, hash, Keyspace.NO_STATS | Keyspace.NO_TOUCH);
            boolean unchanged = entry == null ? read == null : read != null && entry.holds(read);
            if (db.id() != dbId || !unchanged) {
                return false;
            }
            if (entry == null) {
                keyspace.writes().set(db, key, hash, resealed, false, origin);
            } else {
                keyspace.writes().replace(db, entry, resealed, origin);
                if (countsAccess) {
                    keyspace.touch(entry);
                }
            }
            notifyEvent(KeyspaceEvents.STRING, event, key);
            return true;
        }
    }

    /**
     * The sealed string at {@code key} in the current database, read under the lock as a read access,
     * or null when the key does not exist; WRONGTYPE for another type. Open it after with
     * {@link #open(SealedRead)}.
     */
    public SealedRead readString(byte[] key) {
        return readString(key, (db, entry) -> { });
    }

    /** As {@link #readString(byte[])}, then {@code change} runs on the live entry under the same lock. */
    public SealedRead readString(byte[] key, BiConsumer<Database, Entry> change) {
        int hash = prepare(key);
        try (var lock = lock()) {
            Database db = db();
            Entry entry = keyspace.lookupRead(db, key, hash);
            if (entry == null) {
                return null;
            }
            SealedRead read = new SealedRead(db.id(), key, Values.string(entry));
            change.accept(db, entry);
            return read;
        }
    }

    /** The plaintext of a value read with {@link #readString}; the caller wipes it. */
    public byte[] open(SealedRead read) {
        return open(read.dbId(), read.key(), read.sealed());
    }

    /** Opens a sealed value and replies with it as a bulk string, then wipes the plaintext. */
    public void replyOpened(long dbId, byte[] key, byte[] sealed) {
        byte[] plaintext = open(dbId, key, sealed);
        reply().bulk(plaintext);
        Arrays.fill(plaintext, (byte) 0);
    }

    /** The keyspace lock while a command holds it. */
    public final class Locked implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (lockDepth == 1) {
                    keyspace.writes().settle();
                }
                if (--lockDepth == 0) {
                    if (keyspace.writes().dirty() != dirtyBefore) {
                        if (inTransaction && !propagatedMulti) {
                            keyspace.writes().propagate(session.database(), new byte[][] {MULTI.clone()});
                            propagatedMulti = true;
                        }
                        keyspace.writes().propagate(session.database(), propagateAs != null ? propagateAs : args);
                    }
                    if (!inTransaction) {
                        server.blockedClients().serveReady();
                    }
                    server.eventPublisher().running(null);
                }
            } finally {
                keyspace.lock().unlock();
            }
        }
    }
}
