package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import io.sealedkv.engine.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generic key commands: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, KEYS, RANDOMKEY, DBSIZE, FLUSHDB,
 * FLUSHALL, MOVE, COPY, TOUCH. Expiry commands are in {@link ExpiryCommands}, SCAN in {@link ScanCommand},
 * OBJECT in {@link ObjectCommand}. A value moving to another key or database is opened and sealed again
 * for where it goes, under the lock.
 */
public final class KeyCommands {
    /** The least a synchronous flush drops for it to give the memory back at once (see {@link #giveBack}). */
    private static final long GIVE_BACK_MIN = 4L << 20;

    private KeyCommands() {
    }

    static void del(CommandContext c) {
        long deleted = 0;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = 1; i < c.argc(); i++) {
                if (c.keyspace().writes().delete(db, c.arg(i))) {
                    c.notifyEvent(KeyspaceEvents.GENERIC, "del", c.arg(i));
                    deleted++;
                }
            }
        }
        c.reply().integer(deleted);
    }

    static void exists(CommandContext c) {
        long found = 0;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = 1; i < c.argc(); i++) {
                if (c.keyspace().lookup(db, c.arg(i), Keyspace.NO_TOUCH) != null) {
                    found++;
                }
            }
        }
        c.reply().integer(found);
    }

    static void touch(CommandContext c) {
        long found = 0;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = 1; i < c.argc(); i++) {
                if (c.keyspace().lookupRead(db, c.arg(i)) != null) {
                    found++;
                }
            }
        }
        c.reply().integer(found);
    }

    static void type(CommandContext c) {
        String type;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookup(c.db(), c.arg(1), Keyspace.NO_TOUCH);
            type = entry == null ? "none" : entry.type().redisName();
        }
        c.reply().simple(type);
    }

    static void rename(CommandContext c) {
        renameGeneric(c, false);
    }

    static void renamenx(CommandContext c) {
        renameGeneric(c, true);
    }

    private static void renameGeneric(CommandContext c, boolean onlyIfAbsent) {
        byte[] source = c.arg(1);
        byte[] target = c.arg(2);
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, source);
            if (entry == null) {
                throw Errors.noSuchKey();
            }
            if (Arrays.equals(source, target)) {
                replyRenamed(c, onlyIfAbsent, !onlyIfAbsent);
                return;
            }
            if (onlyIfAbsent && c.keyspace().lookupWrite(db, target) != null) {
                c.reply().integer(0);
                return;
            }
            Object moved = Reseal.moved(c, db, source, db, target, entry.value());
            long expireAt = db.expireAt(entry);
            c.keyspace().writes().remove(db, entry);
            Entry renamed = store(c, db, target, moved, expireAt, entry.origin());
            c.keyspace().writes().keepAccess(renamed, entry);
            c.notifyEvent(KeyspaceEvents.GENERIC, "rename_from", source);
            c.notifyEvent(KeyspaceEvents.GENERIC, "rename_to", target);
        }
        replyRenamed(c, onlyIfAbsent, true);
    }

    private static void replyRenamed(CommandContext c, boolean nx, boolean done) {
        if (nx) {
            c.reply().integer(done ? 1 : 0);
        } else {
            c.reply().ok();
        }
    }

    /**
     * Stores {@code value} under {@code key}, replacing what is there, with {@code expireAt} (-1: none)
     * and the origin of the value it was copied or moved from. Like Redis, a replaced key is deleted
     * first, so the key counts as new for keyspace notifications. Returns the stored entry.
     */
    private static Entry store(CommandContext c, Database db, byte[] key, Object value, long expireAt,
                               StringOrigin origin) {
        c.keyspace().writes().delete(db, key);
        Entry stored = c.keyspace().writes().set(db, key, value, false, origin);
        if (expireAt >= 0) {
            c.keyspace().writes().setExpiry(db, stored, expireAt);
        }
        return stored;
    }

    static void keys(CommandContext c) {
        byte[] pattern = c.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> matched = new ArrayList<>();
        try (var lock = c.lock()) {
            Database db = c.db();
            long now = c.keyspace().now();
            for (Entry entry : c.keyspace().entries(db)) {
                long at = db.expireAt(entry);
                if (at >= 0 && at <= now) {
                    continue;
                }
                byte[] key = entry.key();
                if (all || Glob.matches(pattern, key, false)) {
                    matched.add(key);
                }
            }
        }
        c.reply().array(matched.size());
        matched.forEach(c.reply()::bulk);
    }

    static void randomkey(CommandContext c) {
        byte[] key;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().randomKey(c.db());
            key = entry == null ? null : entry.key();
        }
        c.reply().bulkOrNull(key);
    }

    static void dbsize(CommandContext c) {
        long size;
        try (var lock = c.lock()) {
            size = c.db().size();
        }
        c.reply().integer(size);
    }

    static void flushdb(CommandContext c) {
        boolean async = isAsync(c);
        long dropped;
        try (var lock = c.lock()) {
            dropped = c.db().bytes();
            c.keyspace().writes().flush(c.db());
        }
        giveBack(c, dropped, async);
        c.reply().ok();
    }

    static void flushall(CommandContext c) {
        boolean async = isAsync(c);
        long dropped = 0;
        try (var lock = c.lock()) {
            for (int i = 0; i < c.keyspace().databaseCount(); i++) {
                dropped += c.keyspace().database(i).bytes();
                c.keyspace().writes().flush(c.keyspace().database(i));
            }
        }
        giveBack(c, dropped, async);
        c.reply().ok();
    }

    /** ASYNC or SYNC (the default); a syntax error for anything else. */
    private static boolean isAsync(CommandContext c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "async") && !c.argIs(1, "sync"))) {
            throw Errors.syntax();
        }
        return c.argc() == 2 && c.argIs(1, "async");
    }

    /**
     * A synchronous flush gives the memory back before it replies, as Redis's does: dropping a table is
     * O(1) here, but its entries, collections and value pages are old objects that the collector would
     * only find at its next marking, and the heap it grew would stay committed (after throughput runs,
     * FLUSHALL and 1M keys: 354 MiB RSS without the collection, 295 with it). So when the flush dropped at
     * least {@value #GIVE_BACK_MIN} bytes and at least as much as is left (the pause grows with what is
     * left: tens of ms after a FLUSHALL), it runs a full collection. ASYNC leaves it to the collector, and
     * so does a flush inside MULTI (the transaction holds the keyspace lock to its end) or during a
     * background save (its snapshot still holds what was dropped).
     */
    private static void giveBack(CommandContext c, long dropped, boolean async) {
        if (!async && !c.inTransaction() && !c.server().persistence().backgroundInProgress()
                && dropped >= GIVE_BACK_MIN && dropped >= c.keyspace().usedMemory()) {
            System.gc();
        }
    }

    static void move(CommandContext c) {
        byte[] key = c.arg(1);
        int target = targetDatabase(c, c.arg(2));
        if (target == c.session().database()) {
            throw sameObject();
        }
        boolean moved;
        try (var lock = c.lock()) {
            Database from = c.db();
            Database to = c.keyspace().database(target);
            Entry entry = c.keyspace().lookupWrite(from, key);
            moved = entry != null && c.keyspace().lookupWrite(to, key) == null;
            if (moved) {
                Object value = Reseal.moved(c, from, key, to, key, entry.value());
                long expireAt = from.expireAt(entry);
                c.keyspace().writes().remove(from, entry);
                c.keyspace().writes().keepAccess(store(c, to, key, value, expireAt, entry.origin()), entry);
                c.keyspace().events().fire(KeyspaceEvents.GENERIC, "move_from", from.index(), key);
                c.keyspace().events().fire(KeyspaceEvents.GENERIC, "move_to", to.index(), key);
            }
        }
        c.reply().integer(moved ? 1 : 0);
    }

    static void copy(CommandContext c) {
        byte[] source = c.arg(1);
        byte[] target = c.arg(2);
        int targetDb = c.session().database();
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.argIs(i, "replace")) {
                replace = true;
            } else if (c.argIs(i, "db") && i + 1 < c.argc()) {
                targetDb = targetDatabase(c, c.arg(++i));
            } else {
                throw Errors.syntax();
            }
        }
        if (targetDb == c.session().database() && Arrays.equals(source, target)) {
            throw sameObject();
        }
        boolean copied;
        try (var lock = c.lock()) {
            Database from = c.db();
            Database to = c.keyspace().database(targetDb);
            Entry entry = c.keyspace().lookupRead(from, source);
            copied = entry != null && (replace || c.keyspace().lookupWrite(to, target) == null);
            if (copied) {
                Object value = Reseal.copied(c, from, source, to, target, entry.value());
                store(c, to, target, value, from.expireAt(entry), entry.origin().copied());
                c.keyspace().events().fire(KeyspaceEvents.GENERIC, "copy_to", to.index(), target);
            }
        }
        c.reply().integer(copied ? 1 : 0);
    }

    private static int targetDatabase(CommandContext c, byte[] arg) {
        long index = Args.parseLong(arg);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw Errors.notInteger();
        }
        if (index < 0 || index >= c.keyspace().databaseCount()) {
            throw Errors.dbIndexOutOfRange();
        }
        return (int) index;
    }

    private static CommandException sameObject() {
        return Errors.generic("source and destination objects are the same");
    }

    /** The family's command table (with the expiry, SCAN and OBJECT commands). */
    public static List<CommandSpec> table() {
        List<CommandSpec> table = new ArrayList<>(List.of(
            cmd("del", -2).flags("write").keys(1, -1, 1, "RM delete")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .run(KeyCommands::del),
            cmd("unlink", -2).flags("write fast").keys(1, -1, 1, "RM delete")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .run(KeyCommands::del),
            cmd("exists", -2).flags("readonly fast").keys(1, -1, 1, "RO")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .run(KeyCommands::exists),
            cmd("touch", -2).flags("readonly fast").keys(1, -1, 1, "RO")
                .tips("request_policy:multi_shard response_policy:agg_sum")
                .run(KeyCommands::touch),
            cmd("type", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(KeyCommands::type),
            cmd("rename", 3).flags("write").keys(1, 2, 1, "RW access delete;OW update")
                .run(KeyCommands::rename),
            cmd("renamenx", 3).flags("write fast").keys(1, 2, 1, "RW access delete;OW insert")
                .run(KeyCommands::renamenx),
            cmd("keys", 2).flags("readonly").acl("dangerous")
                .tips("request_policy:all_shards nondeterministic_output_order")
                .run(KeyCommands::keys),
            cmd("randomkey", 1).flags("readonly").tips("request_policy:all_shards nondeterministic_output")
                .run(KeyCommands::randomkey),
            cmd("dbsize", 1).flags("readonly fast").tips("request_policy:all_shards response_policy:agg_sum")
                .run(KeyCommands::dbsize),
            cmd("flushdb", -1).flags("write").acl("dangerous")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .run(KeyCommands::flushdb),
            cmd("flushall", -1).flags("write").acl("dangerous")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .run(KeyCommands::flushall),
            cmd("move", 3).flags("write fast").keys(1, 1, 1, "RW access update")
                .run(KeyCommands::move),
            cmd("copy", -3).flags("write denyoom").keys(1, 2, 1, "RO access;OW update")
                .run(KeyCommands::copy)));
        table.addAll(ExpiryCommands.table());
        table.add(ScanCommand.spec());
        table.add(ObjectCommand.spec());
        return table;
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "generic", "keyspace");
    }
}
