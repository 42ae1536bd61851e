package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Expiry;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX XX GT LT), EXPIRETIME, PEXPIRETIME, TTL, PTTL, PERSIST. */
final class ExpiryCommands {
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

    private ExpiryCommands() {
    }

    static void expire(CommandContext c) {
        expireGeneric(c, true, false);
    }

    static void pexpire(CommandContext c) {
        expireGeneric(c, false, false);
    }

    static void expireat(CommandContext c) {
        expireGeneric(c, true, true);
    }

    static void pexpireat(CommandContext c) {
        expireGeneric(c, false, true);
    }

    private static void expireGeneric(CommandContext c, boolean seconds, boolean absolute) {
        byte[] key = c.arg(1);
        Condition condition = Condition.parse(c);
        Expiry expiry = Expiry.parse(c.arg(2), seconds, absolute, true, c.keyspace().now(), c.spec().fullName());
        boolean set;
        try (var lock = c.lock()) {
            long now = c.keyspace().now();
            long when = expiry.at(now);
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            set = entry != null && condition.allows(db.expireAt(entry), when);
            if (set && when <= now) {
                c.keyspace().writes().remove(db, entry);
                c.propagateAs(DEL, key);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            } else if (set) {
                c.keyspace().writes().setExpiry(db, entry, when);
                c.propagateAs(PEXPIREAT, key, Long.toString(when).getBytes(StandardCharsets.US_ASCII));
                c.notifyEvent(KeyspaceEvents.GENERIC, "expire", key);
            }
        }
        c.reply().integer(set ? 1 : 0);
    }

    /**
     * NX, XX, GT, LT; an absent expiry counts as infinite for GT and LT, as in Redis, which checks them
     * before the time.
     */
    private record Condition(boolean nx, boolean xx, boolean gt, boolean lt) {
        static Condition parse(CommandContext c) {
            boolean nx = false;
            boolean xx = false;
            boolean gt = false;
            boolean lt = false;
            for (int i = 3; i < c.argc(); i++) {
                if (c.argIs(i, "nx")) {
                    nx = true;
                } else if (c.argIs(i, "xx")) {
                    xx = true;
                } else if (c.argIs(i, "gt")) {
                    gt = true;
                } else if (c.argIs(i, "lt")) {
                    lt = true;
                } else {
                    throw Errors.generic("Unsupported option " + c.argString(i));
                }
            }
            if (nx && (xx || gt || lt)) {
                throw Errors.generic("NX and XX, GT or LT options at the same time are not compatible");
            }
            if (gt && lt) {
                throw Errors.generic("GT and LT options at the same time are not compatible");
            }
            return new Condition(nx, xx, gt, lt);
        }

        boolean allows(long current, long when) {
            boolean has = current >= 0;
            return !(nx && has) && !(xx && !has) && !(gt && (!has || when <= current)) && !(lt && has && when >= current);
        }
    }

    static void ttl(CommandContext c) {
        replyExpiry(c, true, true);
    }

    static void pttl(CommandContext c) {
        replyExpiry(c, false, true);
    }

    static void expiretime(CommandContext c) {
        replyExpiry(c, true, false);
    }

    static void pexpiretime(CommandContext c) {
        replyExpiry(c, false, false);
    }

    /** -2 for a missing key, -1 for no expiry, else the time left or the expiry time, rounded like Redis. */
    private static void replyExpiry(CommandContext c, boolean seconds, boolean remaining) {
        long reply;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookup(db, c.arg(1), Keyspace.NO_TOUCH);
            if (entry == null) {
                reply = -2;
            } else if (!entry.hasExpiry()) {
                reply = -1;
            } else {
                long ms = remaining ? Math.max(0, db.expireAt(entry) - c.keyspace().now()) : db.expireAt(entry);
                reply = seconds ? ms / 1000 + (ms % 1000 >= 500 ? 1 : 0) : ms; // rounded, without overflow
            }
        }
        c.reply().integer(reply);
    }

    static void persist(CommandContext c) {
        boolean removed;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, c.arg(1));
            removed = entry != null && c.keyspace().writes().persist(db, entry);
            if (removed) {
                c.notifyEvent(KeyspaceEvents.GENERIC, "persist", c.arg(1));
            }
        }
        c.reply().integer(removed ? 1 : 0);
    }

    static List<CommandSpec> table() {
        return List.of(
            KeyCommands.cmd("expire", -3).flags("write fast").keys(1, 1, 1, "RW update")
                .run(ExpiryCommands::expire),
            KeyCommands.cmd("pexpire", -3).flags("write fast").keys(1, 1, 1, "RW update")
                .run(ExpiryCommands::pexpire),
            KeyCommands.cmd("expireat", -3).flags("write fast").keys(1, 1, 1, "RW update")
                .run(ExpiryCommands::expireat),
            KeyCommands.cmd("pexpireat", -3).flags("write fast").keys(1, 1, 1, "RW update")
                .run(ExpiryCommands::pexpireat),
            KeyCommands.cmd("expiretime", 2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ExpiryCommands::expiretime),
            KeyCommands.cmd("pexpiretime", 2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ExpiryCommands::pexpiretime),
            KeyCommands.cmd("ttl", 2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output")
                .run(ExpiryCommands::ttl),
            KeyCommands.cmd("pttl", 2).flags("readonly fast").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output")
                .run(ExpiryCommands::pttl),
            KeyCommands.cmd("persist", 2).flags("write fast").keys(1, 1, 1, "RW update")
                .run(ExpiryCommands::persist));
    }
}
