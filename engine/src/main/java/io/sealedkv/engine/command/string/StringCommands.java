package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Expiry;
import io.sealedkv.engine.command.PreSealed;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.command.StringUpdate;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.command.WrongTypeException;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.Arrays;
import java.util.List;

/**
 * String commands (the part that stores, reads, counts and appends whole values). Each value is
 * sealed for its database and key: values from the client are sealed before the lock and values read
 * are opened after it; INCR-like commands and APPEND go through
 * {@link CommandContext#update}, which computes outside the lock and commits with compare-and-set.
 */
public final class StringCommands {
    private static final byte[] SET = Text.bytes("SET");
    private static final byte[] PXAT = Text.bytes("PXAT");
    private static final byte[] KEEPTTL = Text.bytes("KEEPTTL");
    private static final byte[] DEL = Text.bytes("DEL");
    private static final byte[] PEXPIREAT = Text.bytes("PEXPIREAT");
    private static final byte[] PERSIST = Text.bytes("PERSIST");
    /** What {@link #lookUpGets} leaves for a key holding another type (compared by identity). */
    private static final byte[] WRONG_TYPE = new byte[0];

    private StringCommands() {
    }

    static void get(CommandContext c) {
        replyRead(c, c.readString(c.arg(1)));
    }

    /**
     * The lookups of {@code count} consecutive GETs of one pipeline under one hold of the lock, as the
     * GETs one after the other would make them (lazy expiry, hits and misses, access clock): for i from
     * {@code from}, the sealed value of {@code keys[i]} (of {@linkplain CommandContext#prepare hash}
     * {@code hashes[i]}) goes to {@code sealed[i]}, null when absent. Each is then answered with
     * {@link #replyGet}, outside the lock.
     * Returns the identity of the database read.
     */
    public static long lookUpGets(CommandContext c, byte[][] keys, int[] hashes, int from, int count,
                                  byte[][] sealed) {
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = from; i < from + count; i++) {
                Entry entry = c.keyspace().lookupRead(db, keys[i], hashes[i]);
                sealed[i] = entry == null ? null : entry.value() instanceof byte[] value ? value : WRONG_TYPE;
            }
            return db.id();
        }
    }

    /**
     * The reply of the GET or STRLEN begun in {@code c} for what {@link #lookUpGets} found (STRLEN looks up
     * as GET does); WRONGTYPE for another type.
     */
    public static void replyGet(CommandContext c, long dbId, byte[] key, byte[] sealed) {
        if (sealed == WRONG_TYPE) {
            throw new WrongTypeException();
        }
        SealedRead read = sealed == null ? null : new SealedRead(dbId, key, sealed);
        if (c.spec().name().equals("strlen")) {
            replyLength(c, read);
        } else {
            replyRead(c, read);
        }
    }

    static void set(CommandContext c) {
        SetOptions options = SetOptions.parse(c, 3, true);
        setGeneric(c, c.arg(1), c.arg(2), options);
    }

    private static void setGeneric(CommandContext c, byte[] key, byte[] value, SetOptions o) {
        int hash = c.prepare(key);
        PreSealed presealed = c.preseal(key, value);
        byte[] previous = null;
        long dbId;
        boolean stored;
        try (var lock = c.lock()) {
            Database db = c.db();
            dbId = db.id();
            Entry entry = o.get ? c.keyspace().lookupRead(db, key, hash) : c.keyspace().lookupWrite(db, key, hash);
            if (o.get && entry != null) {
                previous = Values.string(entry);
            }
            stored = store(c, db, entry, hash, presealed, o);
        }
        if (o.get) {
            replyPrevious(c, dbId, key, previous);
        } else if (stored) {
            c.reply().ok();
        } else {
            c.reply().nullBulk();
        }
    }

    /**
     * SET without GET of a value sealed before the lock, under the lock: true when stored, false when NX
     * or XX refused it. For a run of SETs ({@link SetRun}), which replies after the lock.
     */
    static boolean storeSet(CommandContext c, int hash, PreSealed value, SetOptions o) {
        try (var lock = c.lock()) {
            Database db = c.db();
            return store(c, db, c.keyspace().lookupWrite(db, value.key(), hash), hash, value, o);
        }
    }

    /** SET's change under the lock, {@code entry} being what the key holds; false when NX or XX refuse it. */
    private static boolean store(CommandContext c, Database db, Entry entry, int hash, PreSealed value, SetOptions o) {
        if ((o.nx && entry != null) || (o.xx && entry == null)) {
            return false;
        }
        byte[] key = value.key();
        long expireAt = o.hasExpiry() ? o.expireAt(c) : -1;
        byte[] sealed = c.sealedFor(db, value);
        Entry stored = c.keyspace().writes().set(db, key, hash, sealed, o.keepTtl);
        c.storedArgument(sealed);
        if (o.hasExpiry()) {
            c.keyspace().writes().setExpiry(db, stored, expireAt);
            c.propagateAs(SET, key, value.plaintext(), PXAT, Text.bytes(Long.toString(expireAt)));
        }
        c.notifyEvent(KeyspaceEvents.STRING, "set", key);
        if (o.hasExpiry()) {
            c.notifyEvent(KeyspaceEvents.GENERIC, "expire", key);
        }
        return true;
    }

    private static void replyPrevious(CommandContext c, long dbId, byte[] key, byte[] previous) {
        if (previous == null) {
            c.reply().nullBulk();
        } else {
            c.replyOpened(dbId, key, previous);
        }
    }

    static void setnx(CommandContext c) {
        byte[] key = c.arg(1);
        int hash = c.prepare(key);
        PreSealed presealed = c.preseal(key, c.arg(2));
        try (var lock = c.lock()) {
            Database db = c.db();
            if (c.keyspace().lookupWrite(db, key, hash) != null) {
                c.reply().integer(0);
                return;
            }
            byte[] sealed = c.sealedFor(db, presealed);
            c.keyspace().writes().set(db, key, hash, sealed, false);
            c.storedArgument(sealed);
            c.notifyEvent(KeyspaceEvents.STRING, "set", key);
        }
        c.reply().integer(1);
    }

    static void setex(CommandContext c) {
        setWithExpiry(c, true);
    }

    static void psetex(CommandContext c) {
        setWithExpiry(c, false);
    }

    private static void setWithExpiry(CommandContext c, boolean seconds) {
        SetOptions o = new SetOptions();
        o.expiry = Expiry.parse(c.arg(2), seconds, false, false, c.keyspace().now(), c.spec().fullName());
        setGeneric(c, c.arg(1), c.arg(3), o);
    }

    static void getset(CommandContext c) {
        SetOptions o = new SetOptions();
        o.get = true;
        c.propagateAs(SET, c.arg(1), c.arg(2));
        setGeneric(c, c.arg(1), c.arg(2), o);
    }

    static void getdel(CommandContext c) {
        replyRead(c, c.readString(c.arg(1), (db, entry) -> {
            c.keyspace().writes().remove(db, entry);
            c.notifyEvent(KeyspaceEvents.GENERIC, "del", entry.key());
        }));
    }

    static void getex(CommandContext c) {
        SetOptions o = SetOptions.parseNames(c, 2, false);
        byte[] key = c.arg(1);
        replyRead(c, c.readString(key, (db, entry) -> {
            o.resolveExpiry(c);
            long expireAt = o.hasExpiry() ? o.expireAt(c) : -1;
            if (o.hasExpiry() && expireAt <= c.keyspace().now()) {
                c.keyspace().writes().remove(db, entry);
                c.propagateAs(DEL, key);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            } else if (o.hasExpiry()) {
                c.keyspace().writes().setExpiry(db, entry, expireAt);
                c.propagateAs(PEXPIREAT, key, Text.bytes(Long.toString(expireAt)));
                c.notifyEvent(KeyspaceEvents.GENERIC, "expire", key);
            } else if (o.persist && c.keyspace().writes().persist(db, entry)) {
                c.propagateAs(PERSIST, key);
                c.notifyEvent(KeyspaceEvents.GENERIC, "persist", key);
            }
        }));
    }

    private static void replyRead(CommandContext c, SealedRead read) {
        if (read == null) {
            c.reply().nullBulk();
        } else {
            c.replyOpened(read.dbId(), read.key(), read.sealed());
        }
    }

    static void mget(CommandContext c) {
        int n = c.argc() - 1;
        byte[][] sealed = new byte[n][];
        int[] hashes = c.prepareAll(1, c.argc(), 1);
        long dbId;
        try (var lock = c.lock()) {
            Database db = c.db();
            dbId = db.id();
            for (int i = 0; i < n; i++) {
                Entry entry = c.keyspace().lookupRead(db, c.arg(i + 1), hashes[i]);
                sealed[i] = entry != null && entry.value() instanceof byte[] value ? value : null;
            }
        }
        c.reply().array(n);
        for (int i = 0; i < n; i++) {
            if (sealed[i] == null) {
                c.reply().nullBulk();
            } else {
                c.replyOpened(dbId, c.arg(i + 1), sealed[i]);
            }
        }
    }

    static void mset(CommandContext c) {
        msetGeneric(c, false);
    }

    static void msetnx(CommandContext c) {
        msetGeneric(c, true);
    }

    private static void msetGeneric(CommandContext c, boolean onlyIfNoneExists) {
        if (c.argc() % 2 == 0) {
            throw Errors.wrongArity(c.spec().fullName());
        }
        int pairs = (c.argc() - 1) / 2;
        int[] hashes = c.prepareAll(1, c.argc(), 2);
        PreSealed[] values = new PreSealed[pairs];
        for (int i = 0; i < pairs; i++) {
            values[i] = c.preseal(c.arg(1 + 2 * i), c.arg(2 + 2 * i));
        }
        try (var lock = c.lock()) {
            Database db = c.db();
            if (onlyIfNoneExists) {
                for (int i = 0; i < pairs; i++) {
                    if (c.keyspace().lookupWrite(db, c.arg(1 + 2 * i), hashes[i]) != null) {
                        c.reply().integer(0);
                        return;
                    }
                }
            }
            for (int i = 0; i < pairs; i++) {
                byte[] key = c.arg(1 + 2 * i);
                byte[] sealed = c.sealedFor(db, values[i]);
                c.keyspace().lookupWrite(db, key, hashes[i]); // expires a stale key first, as Redis's setKey
                c.keyspace().writes().set(db, key, hashes[i], sealed, false);
                c.storedArgument(sealed);
                c.notifyEvent(KeyspaceEvents.STRING, "set", key);
            }
        }
        if (onlyIfNoneExists) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    static void strlen(CommandContext c) {
        replyLength(c, c.readString(c.arg(1)));
    }

    private static void replyLength(CommandContext c, SealedRead read) {
        if (read == null) {
            c.reply().integer(0);
            return;
        }
        byte[] plaintext = c.open(read);
        c.reply().integer(plaintext.length);
        Arrays.fill(plaintext, (byte) 0);
    }

    static void append(CommandContext c) {
        byte[] suffix = c.arg(2);
        boolean[] created = new boolean[1];
        long length = c.update(c.arg(1), "append", current -> {
            created[0] = current == null;
            if (current == null) {
                return new StringUpdate.Result<>(suffix.clone(), (long) suffix.length);
            }
            checkLength(c, (long) current.length + suffix.length);
            byte[] joined = Arrays.copyOf(current, current.length + suffix.length);
            System.arraycopy(suffix, 0, joined, current.length, suffix.length);
            return new StringUpdate.Result<>(joined, (long) joined.length, StringOrigin.EDITED);
        });
        if (created[0] && c.inTransaction()) {
            // Redis stores the argument itself as the new key's value
            c.lookAhead(() -> c.storedArgument(Values.string(c.keyspace().lookup(c.db(), c.arg(1), Keyspace.NO_STATS
                    | Keyspace.NO_TOUCH | Keyspace.NO_NOTIFY))));
        }
        c.reply().integer(length);
    }

    /** Refuses to build a string longer than {@code proto-max-bulk-len}. */
    static void checkLength(CommandContext c, long length) {
        if (length > c.server().config().longValue("proto-max-bulk-len")) {
            throw Errors.stringTooLong();
        }
    }

    /** INCR, DECR, INCRBY and DECRBY (pipelined, they can run together: {@link IncrRun}). */
    static void incrBy(CommandContext c) {
        c.reply().integer(incrBy(c, c.arg(1), increment(c)));
    }

    /** What the INCR, DECR, INCRBY or DECRBY begun in {@code c} adds; its argument error as it answers it. */
    static long increment(CommandContext c) {
        return switch (c.spec().name()) {
            case "incr" -> 1;
            case "decr" -> -1;
            case "incrby" -> c.argLong(2);
            default -> {
                long decrement = c.argLong(2);
                if (decrement == Long.MIN_VALUE) {
                    throw new CommandException("ERR decrement would overflow");
                }
                yield -decrement;
            }
        };
    }

    /** Adds {@code increment} to the integer at {@code key} (absent: 0) and returns the sum, as one INCRBY. */
    static long incrBy(CommandContext c, byte[] key, long increment) {
        return c.update(key, "incrby", current -> {
            long sum = sum(current == null ? 0 : integer(current), increment);
            return new StringUpdate.Result<>(Text.bytes(Long.toString(sum)), sum);
        });
    }

    /** The integer a string holds, as INCRBY reads it. */
    static long integer(byte[] value) {
        Long parsed = Args.tryParseLong(value);
        if (parsed == null) {
            throw Errors.notInteger();
        }
        return parsed;
    }

    /** {@code value} plus {@code increment}, or the error INCRBY answers when the sum does not fit. */
    static long sum(long value, long increment) {
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw Errors.overflow();
        }
        return value + increment;
    }

    static void incrbyfloat(CommandContext c) {
        byte[] key = c.arg(1);
        String result = c.update(key, "incrbyfloat", current -> {
            FloatIncrement value = current == null ? FloatIncrement.ZERO : FloatIncrement.parse(current);
            String sum = value.add(FloatIncrement.parse(c.arg(2))); // after the key's type, as Redis
            c.propagateAs(SET, key, Text.bytes(sum), KEEPTTL);
            return new StringUpdate.Result<>(Text.bytes(sum), sum, StringOrigin.PRINTED);
        });
        c.reply().bulk(result);
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("get", 2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(StringCommands::get),
            cmd("set", -3).flags("write denyoom").keys(1, 1, 1, "RW access update variable_flags")
                .keyNotes("RW and ACCESS due to the optional `GET` argument")
                .run(StringCommands::set),
            cmd("setnx", 3).flags("write denyoom fast").keys(1, 1, 1, "OW insert")
                .run(StringCommands::setnx),
            cmd("setex", 4).flags("write denyoom").keys(1, 1, 1, "OW update")
                .run(StringCommands::setex),
            cmd("psetex", 4).flags("write denyoom").keys(1, 1, 1, "OW update")
                .run(StringCommands::psetex),
            cmd("mget", -2).flags("readonly fast").keys(1, -1, 1, "RO access").tips("request_policy:multi_shard")
                .run(StringCommands::mget),
            cmd("mset", -3).flags("write denyoom").keys(1, -1, 2, "OW update")
                .tips("request_policy:multi_shard response_policy:all_succeeded")
                .run(StringCommands::mset),
            cmd("msetnx", -3).flags("write denyoom").keys(1, -1, 2, "OW insert")
                .tips("request_policy:multi_shard response_policy:agg_min")
                .run(StringCommands::msetnx),
            cmd("getset", 3).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::getset),
            cmd("getdel", 2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .run(StringCommands::getdel),
            cmd("getex", -2).flags("write fast").keys(1, 1, 1, "RW access update")
                .keyNotes("RW and UPDATE because it changes the TTL")
                .run(StringCommands::getex),
            cmd("append", 3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(StringCommands::append),
            cmd("strlen", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(StringCommands::strlen),
            cmd("incr", 2).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::incrBy),
            cmd("decr", 2).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::incrBy),
            cmd("incrby", 3).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::incrBy),
            cmd("decrby", 3).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::incrBy),
            cmd("incrbyfloat", 3).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(StringCommands::incrbyfloat));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "string", "string");
    }
}
