package io.sealedkv.engine.command.persistence;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.PreSealed;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.persistence.DumpPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * DUMP and RESTORE with the sealed, self-checking payload of {@link DumpPayload}: DUMP seals the value
 * as held (no plaintext) into an authenticated envelope; RESTORE verifies it whole before anything is
 * replaced, then reseals a string for its new key (a collection is copied to a fresh identity), with
 * the crypto outside the keyspace lock.
 */
public final class DumpCommands {
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    private DumpCommands() {
    }

    static void dump(CommandContext c) {
        byte[] key = c.arg(1);
        Object value;
        long dbId;
        byte[] collectionPayload = null;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupRead(db, key);
            if (entry == null) {
                c.reply().nullBulk();
                return;
            }
            value = entry.value();
            dbId = db.id();
            if (value instanceof CollectionValue collection) {
                collectionPayload = CollectionReaders.payload(collection);
            }
        }
        byte[] payload = value instanceof byte[] sealed
                ? DumpPayload.ofString(c.codec(), dbId, key, sealed)
                : DumpPayload.ofCollection(c.codec(), ((CollectionValue) value).type(), collectionPayload);
        c.reply().bulk(payload);
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], in Redis's order of checks. */
    static void restore(CommandContext c) {
        RestoreOptions options = RestoreOptions.parse(c);
        byte[] key = c.arg(1);
        if (!options.replace()) {
            try (var lock = c.lock()) {
                if (c.keyspace().lookupWrite(c.db(), key) != null) {
                    throw busyKey();
                }
            }
        }
        long ttl = c.argLong(2);
        if (ttl < 0) {
            throw Errors.generic("Invalid TTL value, must be >= 0");
        }
        DumpPayload.Content content;
        try {
            content = DumpPayload.read(c.codec(), c.arg(3));
        } catch (DumpPayload.UnverifiedException e) {
            throw Errors.generic("DUMP payload version or checksum are wrong");
        } catch (DumpPayload.BadFormatException e) {
            throw Errors.generic("Bad data format");
        }
        Object restored = prepare(c, key, content);
        store(c, key, ttl, options, restored);
    }

    /** The value ready for this key, sealed outside the lock: a {@link PreSealed} string or a copied collection. */
    private static Object prepare(CommandContext c, byte[] key, DumpPayload.Content content) {
        if (content.collection() != null) {
            CollectionValue collection = content.collection();
            return collection.copy(ElementSealer.of(c.codec(), collection), ElementSealer.forNew(c.codec()));
        }
        byte[] plaintext;
        try {
            plaintext = c.open(content.databaseId(), content.key(), content.sealedString());
        } catch (RuntimeException e) {
            throw Errors.generic("Bad data format");
        }
        return c.preseal(key, plaintext);
    }

    private static void store(CommandContext c, byte[] key, long ttl, RestoreOptions options, Object restored) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry existing = c.keyspace().lookupWrite(db, key);
            if (existing != null && !options.replace()) {
                throw busyKey();
            }
            long expireAt = ttl == 0 ? -1 : options.absttl() ? ttl : c.keyspace().now() + ttl;
            if (ttl != 0 && expireAt <= c.keyspace().now()) {
                if (existing != null) {
                    c.keyspace().writes().remove(db, existing);
                    c.propagateAs(DEL, key);
                    c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
                }
                c.reply().ok();
                return;
            }
            Object value = restored instanceof PreSealed sealed ? c.sealedFor(db, sealed) : restored;
            if (existing != null) {
                c.keyspace().writes().remove(db, existing);
            }
            Entry entry = c.keyspace().writes().set(db, key, value, false);
            if (expireAt >= 0) {
                c.keyspace().writes().setExpiry(db, entry, expireAt);
                if (!options.absttl()) {
                    propagateAbsolute(c, expireAt);
                }
            }
            c.keyspace().setAccess(entry, options.idleSeconds(), options.frequency());
            c.notifyEvent(KeyspaceEvents.GENERIC, "restore", key);
            c.reply().ok();
        } finally {
            if (restored instanceof PreSealed sealed) {
                Arrays.fill(sealed.plaintext(), (byte) 0);
            }
        }
    }

    private static void propagateAbsolute(CommandContext c, long expireAt) {
        byte[][] argv = new byte[c.argc() + 1][];
        for (int i = 0; i < c.argc(); i++) {
            argv[i] = c.arg(i);
        }
        argv[2] = Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII);
        argv[c.argc()] = ABSTTL;
        c.propagateAs(argv);
    }

    private static CommandException busyKey() {
        return new CommandException("BUSYKEY Target key name already exists.");
    }

    /** RESTORE's options, parsed as Redis does: IDLETIME and FREQ exclude each other (syntax error). */
    private record RestoreOptions(boolean replace, boolean absttl, long idleSeconds, int frequency) {
        static RestoreOptions parse(CommandContext c) {
            boolean replace = false;
            boolean absttl = false;
            long idle = -1;
            long frequency = -1;
            for (int i = 4; i < c.argc(); i++) {
                boolean hasValue = i + 1 < c.argc();
                if (c.argIs(i, "replace")) {
                    replace = true;
                } else if (c.argIs(i, "absttl")) {
                    absttl = true;
                } else if (c.argIs(i, "idletime") && hasValue && frequency == -1) {
                    idle = c.argLong(++i);
                    if (idle < 0) {
                        throw Errors.generic("Invalid IDLETIME value, must be >= 0");
                    }
                } else if (c.argIs(i, "freq") && hasValue && idle == -1) {
                    frequency = c.argLong(++i);
                    if (frequency < 0 || frequency > 255) {
                        throw Errors.generic("Invalid FREQ value, must be >= 0 and <= 255");
                    }
                } else {
                    throw Errors.syntax();
                }
            }
            return new RestoreOptions(replace, absttl, idle, (int) frequency);
        }
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("dump", 2).flags("readonly").keys(1, 1, 1, "RO access").tips("nondeterministic_output")
                .run(DumpCommands::dump),
            cmd("restore", -4).flags("write denyoom").acl("dangerous").keys(1, 1, 1, "OW update")
                .run(DumpCommands::restore));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "generic", "keyspace");
    }
}
