package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Optimistic;
import io.sealedkv.engine.command.RecentCollection;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The set commands that add, remove, test and count members, and the family's command table. Writes
 * follow {@link Optimistic}: the set is read under the lock, its block opened (small set) or the
 * members' tokens computed and new members sealed (large set) without it, and the change committed
 * under the lock if the set is still as read; a large set's token work stays valid as long as the key
 * holds a large set of the same identity, so concurrent adds to one large set do not conflict.
 */
public final class SetCommands {
    /** The large set each network thread added to last. */
    private static final RecentCollection<SetValue> RECENT = new RecentCollection<>();

    private SetCommands() {
    }

    static void sadd(CommandContext c) {
        c.reply().integer(add(c, c.arg(1), args(c, 2)));
    }

    /** SADD of the members {@code args} to {@code key}: how many it added. */
    static long add(CommandContext c, byte[] key, List<byte[]> args) {
        SetLimits limits = SetLimits.of(c);
        SetValue recent = recentLarge(c, key);
        Long added = recent == null ? null : addToLarge(c, key, recent, ElementSealer.of(c.codec(), recent), args);
        return added != null ? added : Optimistic.run(c, () -> addAttempt(c, key, args, limits));
    }

    /** Forgets the large set remembered at {@code key} of {@code db}, which the key no longer holds. */
    static void forgetRecent(int db, byte[] key) {
        RECENT.forget(db, key);
    }

    /** The large set this network thread added to last, if it was {@code key}'s in the current database; else null. */
    static SetValue recentLarge(CommandContext c, byte[] key) {
        SetValue recent = RECENT.get(c.db().index(), key);
        return recent == null || recent.isSmall() ? null : recent;
    }

    private static Long addAttempt(CommandContext c, byte[] key, List<byte[]> args, SetLimits limits) {
        Seen seen;
        try (var lock = c.lock()) {
            seen = Seen.forWrite(c, c.db(), key);
        }
        if (!seen.exists()) {
            List<byte[]> members = new ArrayList<>(Plain.distinct(args).values());
            SetValue created = limits.build(ElementSealer.forNew(c.codec()), members);
            try (var lock = c.lock()) {
                Database db = c.db();
                if (!seen.unchanged(c, db)) {
                    return null;
                }
                c.keyspace().writes().set(db, key, created, false);
                c.notifyEvent(KeyspaceEvents.SET, "sadd", key);
            }
            return (long) members.size();
        }
        ElementSealer sealer = ElementSealer.of(c.codec(), seen.value());
        if (seen.small()) {
            return addToSmall(c, seen, sealer, args, limits);
        }
        return addToLarge(c, key, seen.value(), sealer, args);
    }

    /**
     * Adds to the large set {@code seen} (while the key holds a large set of its identity), as
     * {@link LargeSetAdd} describes: tokens before the lock, a look under it for the members not there,
     * only those sealed, after it, and added under the lock again; null when the key changed.
     */
    private static Long addToLarge(CommandContext c, byte[] key, SetValue seen, ElementSealer sealer,
                                   List<byte[]> args) {
        LargeSetAdd add = new LargeSetAdd(key, args);
        add.tokenize(sealer);
        try (var lock = c.lock()) {
            Database db = c.db();
            SetValue set = Seen.largeOf(c.keyspace().lookupWrite(db, key), seen);
            if (set == null) {
                RECENT.forget(db.index(), key);
                return null;
            }
            RECENT.set(db.index(), key, set);
            if (!add.findAbsent(set)) {
                return 0L;
            }
        }
        add.sealAbsent();
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = Seen.entry(c, db, key);
            SetValue set = Seen.largeOf(entry, seen);
            if (set == null) {
                RECENT.forget(db.index(), key);
                return null;
            }
            return add.commit(c, db, entry, set);
        }
    }

    private static Long addToSmall(CommandContext c, Seen seen, ElementSealer sealer, List<byte[]> args,
                                   SetLimits limits) {
        List<byte[]> opened = SetValue.members(sealer, seen.block());
        try {
            List<byte[]> members = new ArrayList<>(opened);
            Set<ByteBuffer> present = new HashSet<>();
            opened.forEach(m -> present.add(Plain.key(m)));
            for (byte[] member : args) {
                if (present.add(Plain.key(member))) {
                    members.add(member);
                }
            }
            long added = members.size() - opened.size();
            if (added == 0) {
                return 0L;
            }
            SetValue grown = limits.grown(sealer, members, seen.value().integers());
            try (var lock = c.lock()) {
                Database db = c.db();
                if (!seen.unchanged(c, db)) {
                    return null;
                }
                c.keyspace().writes().modifying(db, Seen.entry(c, db, seen.key()));
                seen.value().adopt(grown);
                c.notifyEvent(KeyspaceEvents.SET, "sadd", seen.key());
            }
            return added;
        } finally {
            Plain.wipe(opened);
        }
    }

    static void srem(CommandContext c) {
        byte[] key = c.arg(1);
        List<byte[]> args = args(c, 2);
        c.reply().integer(Optimistic.run(c, () -> removeAttempt(c, key, args)));
    }

    private static Long removeAttempt(CommandContext c, byte[] key, List<byte[]> args) {
        Seen seen;
        try (var lock = c.lock()) {
            seen = Seen.forWrite(c, c.db(), key);
        }
        if (!seen.exists()) {
            return 0L;
        }
        ElementSealer sealer = ElementSealer.of(c.codec(), seen.value());
        if (seen.small()) {
            List<byte[]> members = SetValue.members(sealer, seen.block());
            try {
                Set<ByteBuffer> removed = new HashSet<>();
                args.forEach(a -> removed.add(Plain.key(a)));
                List<byte[]> kept = new ArrayList<>(members.size());
                for (byte[] member : members) {
                    if (!removed.contains(Plain.key(member))) {
                        kept.add(member);
                    }
                }
                long count = members.size() - kept.size();
                if (count == 0) {
                    return 0L;
                }
                return commitSmall(c, seen, sealer, kept, null, "srem") ? count : null;
            } finally {
                Plain.wipe(members);
            }
        }
        List<byte[]> tokens = new ArrayList<>();
        for (byte[] member : args) {
            tokens.add(sealer.token(member));
        }
        try (var lock = c.lock()) {
            Database db = c.db();
            SetValue set = seen.sameLarge(c, db);
            if (set == null) {
                return null;
            }
            Entry entry = Seen.entry(c, db, key);
            long removed = 0;
            for (byte[] token : tokens) {
                int index = set.indexOf(token);
                if (index >= 0) {
                    if (removed++ == 0) {
                        c.keyspace().writes().modifying(db, entry);
                    }
                    set.removeAt(index);
                }
            }
            if (removed > 0) {
                c.notifyEvent(KeyspaceEvents.SET, "srem", key);
            }
            if (set.size() == 0) {
                c.keyspace().writes().remove(db, entry);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            }
            return removed;
        }
    }

    /**
     * Replaces a small set's members by {@code kept} (deleting the key when none are left) if it is
     * unchanged since {@code seen}; false when it changed. The set keeps its form. Propagated as
     * {@code propagate} when not null; fires the set notification {@code event} (then del when emptied).
     */
    static boolean commitSmall(CommandContext c, Seen seen, ElementSealer sealer, List<byte[]> kept,
                               byte[][] propagate, String event) {
        SetValue rebuilt = kept.isEmpty() ? null : SetLimits.smallBlock(sealer, kept, seen.value().integers());
        try (var lock = c.lock()) {
            Database db = c.db();
            if (!seen.unchanged(c, db)) {
                return false;
            }
            Entry entry = Seen.entry(c, db, seen.key());
            c.notifyEvent(KeyspaceEvents.SET, event, seen.key());
            if (rebuilt == null) {
                c.keyspace().writes().remove(db, entry);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", seen.key());
            } else {
                c.keyspace().writes().modifying(db, entry);
                seen.value().adopt(rebuilt);
            }
            if (propagate != null) {
                c.propagateAs(propagate);
            }
            return true;
        }
    }

    static void scard(CommandContext c) {
        try (var lock = c.lock()) {
            Seen seen = Seen.forRead(c, c.db(), c.arg(1));
            c.reply().integer(seen.exists() ? seen.value().size() : 0);
        }
    }

    static void smembers(CommandContext c) {
        Snapshot snapshot;
        try (var lock = c.lock()) {
            Seen seen = Seen.forRead(c, c.db(), c.arg(1));
            snapshot = seen.exists() ? Snapshot.of(ElementSealer.of(c.codec(), seen.value()), seen.value()) : null;
        }
        if (snapshot == null) {
            c.reply().set(0);
            return;
        }
        replySet(c, snapshot.open());
    }

    /** Replies with {@code members} as a set, then wipes them. */
    static void replySet(CommandContext c, List<byte[]> members) {
        c.reply().set(members.size());
        members.forEach(c.reply()::bulk);
        Plain.wipe(members);
    }

    static void sismember(CommandContext c) {
        c.reply().integer(contains(c, c.arg(1), List.of(c.arg(2)))[0] ? 1 : 0);
    }

    static void smismember(CommandContext c) {
        boolean[] found = contains(c, c.arg(1), args(c, 2));
        c.reply().array(found.length);
        for (boolean f : found) {
            c.reply().integer(f ? 1 : 0);
        }
    }

    private static boolean[] contains(CommandContext c, byte[] key, List<byte[]> candidates) {
        return Optimistic.run(c, () -> {
            Seen seen;
            try (var lock = c.lock()) {
                seen = Seen.forRead(c, c.db(), key);
            }
            boolean[] found = new boolean[candidates.size()];
            if (!seen.exists()) {
                return found;
            }
            ElementSealer sealer = ElementSealer.of(c.codec(), seen.value());
            if (seen.small()) {
                List<byte[]> members = SetValue.members(sealer, seen.block());
                Set<ByteBuffer> present = new HashSet<>();
                members.forEach(m -> present.add(Plain.key(m)));
                for (int i = 0; i < found.length; i++) {
                    found[i] = present.contains(Plain.key(candidates.get(i)));
                }
                Plain.wipe(members);
                return found;
            }
            return containsLarge(c, seen, sealer, candidates);
        });
    }

    /** Membership in a large set by tokens only; null when the key no longer holds that set. */
    static boolean[] containsLarge(CommandContext c, Seen seen, ElementSealer sealer, List<byte[]> candidates) {
        byte[][] tokens = new byte[candidates.size()][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = sealer.token(candidates.get(i));
        }
        boolean[] found = new boolean[tokens.length];
        try (var lock = c.lock()) {
            SetValue set = seen.sameLarge(c, c.db());
            if (set == null) {
                return null;
            }
            for (int i = 0; i < tokens.length; i++) {
                found[i] = set.indexOf(tokens[i]) >= 0;
            }
        }
        return found;
    }

    static void smove(CommandContext c) {
        SetLimits limits = SetLimits.of(c);
        c.reply().integer(Optimistic.run(c, () -> SetMove.attempt(c, c.arg(1), c.arg(2), c.arg(3), limits)));
    }

    /** Arguments from {@code from} to the end, as they are (the context wipes them after the command). */
    static List<byte[]> args(CommandContext c, int from) {
        List<byte[]> list = new ArrayList<>(c.argc() - from);
        for (int i = from; i < c.argc(); i++) {
            list.add(c.arg(i));
        }
        return list;
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("sadd", -3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(SetCommands::sadd),
            cmd("srem", -3).flags("write fast").keys(1, 1, 1, "RW delete")
                .run(SetCommands::srem),
            cmd("scard", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(SetCommands::scard),
            cmd("smembers", 2).flags("readonly").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output_order")
                .run(SetCommands::smembers),
            cmd("sismember", 3).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(SetCommands::sismember),
            cmd("smismember", -3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(SetCommands::smismember),
            cmd("smove", 4).flags("write fast").keys(1, 2, 1, "RW access delete;RW insert")
                .run(SetCommands::smove),
            cmd("spop", -2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .tips("nondeterministic_output")
                .run(SetRandom::spop),
            cmd("srandmember", -2).flags("readonly").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output")
                .run(SetRandom::srandmember),
            cmd("sinter", -2).flags("readonly").keys(1, -1, 1, "RO access")
                .tips("nondeterministic_output_order")
                .run(SetAlgebra::sinter),
            cmd("sintercard", -3).flags("readonly").keynum(1, "RO access")
                .run(SetAlgebra::sintercard),
            cmd("sinterstore", -3).flags("write denyoom").keys(1, -1, 1, "RW update;RO access")
                .run(SetAlgebra::sinterstore),
            cmd("sunion", -2).flags("readonly").keys(1, -1, 1, "RO access")
                .tips("nondeterministic_output_order")
                .run(SetAlgebra::sunion),
            cmd("sunionstore", -3).flags("write denyoom").keys(1, -1, 1, "OW update;RO access")
                .run(SetAlgebra::sunionstore),
            cmd("sdiff", -2).flags("readonly").keys(1, -1, 1, "RO access")
                .tips("nondeterministic_output_order")
                .run(SetAlgebra::sdiff),
            cmd("sdiffstore", -3).flags("write denyoom").keys(1, -1, 1, "OW update;RO access")
                .run(SetAlgebra::sdiffstore),
            cmd("sscan", -3).flags("readonly").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output")
                .run(SetScan::sscan));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "set", "set");
    }
}
