package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.RecentCollection;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.zset.LexBound;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.SortedView;
import io.sealedkv.engine.types.zset.ZSetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sorted-set commands that add, remove, score, rank and count: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE,
 * ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, and the family's command table. Ranges are in
 * {@link ZRangeCommands}, pops and random members in {@link ZPopCommands}, set algebra in
 * {@link ZSetAlgebra}, ZSCAN in {@link ZScanCommand}.
 */
public final class ZSetCommands {
    /** The skiplist set each network thread wrote to last. */
    private static final RecentCollection<ZSetValue> RECENT = new RecentCollection<>();

    private ZSetCommands() {
    }

    /** What one ZADD pair did. */
    enum Outcome { ADDED, UPDATED, UNCHANGED, SKIPPED }

    static void zadd(CommandContext c) {
        ZAdd zadd = ZAdd.parse(c);
        zadd.reply(c, zadd.write(c));
    }

    /** One pair of ZADD (or ZINCRBY) as Redis's zsetAdd; with INCR, {@code result[0]} gets the new score. */
    static Outcome add(CommandContext c, OpenedZSet set, SortedView view, byte[] member, double score, int flags,
                       Double[] result) {
        Double current = view.score(member);
        if (current != null) {
            if ((flags & ZAdd.NX) != 0) {
                return Outcome.SKIPPED;
            }
            double updated = (flags & ZAdd.INCR) != 0 ? current + score : score;
            if (Double.isNaN(updated)) {
                throw Errors.generic("resulting score is not a number (NaN)");
            }
            if (((flags & ZAdd.LT) != 0 && updated >= current) || ((flags & ZAdd.GT) != 0 && updated <= current)) {
                return Outcome.SKIPPED;
            }
            result[0] = updated;
            if (updated != current) {
                view.put(member, updated);
                return Outcome.UPDATED;
            }
            return Outcome.UNCHANGED;
        }
        if ((flags & ZAdd.XX) != 0) {
            return Outcome.SKIPPED;
        }
        result[0] = score;
        set.inserting(c, member);
        view.put(member, score);
        return Outcome.ADDED;
    }

    static void zincrby(CommandContext c) {
        double increment = parseScore(c.arg(2));
        byte[] member = c.arg(3);
        double score = write(c, c.arg(1), "zincr", 1, member.length, new byte[][] {member}, (set, view) -> {
            Double[] result = {null};
            add(c, set, view, member, increment, ZAdd.INCR, result);
            return result[0];
        });
        ZReplies.score(c, score);
    }

    static void zrem(CommandContext c) {
        long removed = writeExisting(c, c.arg(1), "zrem", 0L, members(c, 2, 1), (set, view) -> {
            long n = 0;
            for (int i = 2; i < c.argc(); i++) {
                if (view.remove(c.arg(i))) {
                    n++;
                }
            }
            return n;
        });
        c.reply().integer(removed);
    }

    static void zcard(CommandContext c) {
        long size;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            size = entry == null ? 0 : Values.collection(entry, ZSetValue.class).size();
        }
        c.reply().integer(size);
    }

    static void zscore(CommandContext c) {
        Double score = read(c, c.arg(1), null, view -> view.score(c.arg(2)));
        ZReplies.scoreOrNull(c, score);
    }

    static void zmscore(CommandContext c) {
        int n = c.argc() - 2;
        Double[] scores = read(c, c.arg(1), new Double[n], view -> {
            Double[] found = new Double[n];
            for (int i = 0; i < n; i++) {
                found[i] = view.score(c.arg(i + 2));
            }
            return found;
        });
        c.reply().array(n);
        for (Double score : scores) {
            ZReplies.scoreOrNull(c, score);
        }
    }

    static void zrank(CommandContext c) {
        rank(c, false);
    }

    static void zrevrank(CommandContext c) {
        rank(c, true);
    }

    private static void rank(CommandContext c, boolean reverse) {
        long rank = read(c, c.arg(1), -1L, view -> {
            int r = view.rank(c.arg(2));
            return r < 0 ? -1L : reverse ? view.size() - 1L - r : (long) r;
        });
        if (rank < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(rank);
        }
    }

    static void zcount(CommandContext c) {
        ScoreRange range = ScoreRange.parse(c.arg(2), c.arg(3));
        long count = read(c, c.arg(1), 0L, view -> (long) Math.max(0, range.end(view) - range.first(view)));
        c.reply().integer(count);
    }

    static void zlexcount(CommandContext c) {
        LexBound min = lexBound(c.arg(2));
        LexBound max = lexBound(c.arg(3));
        try {
            long count = read(c, c.arg(1), 0L, view -> LexBound.emptyRange(min, max) ? 0L
                    : (long) Math.max(0, view.endAtLex(max) - view.firstFromLex(min)));
            c.reply().integer(count);
        } finally {
            min.wipe();
            max.wipe();
        }
    }

    /** The arguments from {@code first} on, every {@code step}th: the members a write looks up. */
    private static byte[][] members(CommandContext c, int first, int step) {
        byte[][] members = new byte[(c.argc() - first + step - 1) / step][];
        for (int i = 0; i < members.length; i++) {
            members[i] = c.arg(first + i * step);
        }
        return members;
    }

    /** A score argument (ZADD, ZINCRBY): "not a valid float" when it is not one. */
    static double parseScore(byte[] arg) {
        Double score = Scores.parseStrict(arg);
        if (score == null) {
            throw Errors.notFloat();
        }
        return score;
    }

    static LexBound lexBound(byte[] arg) {
        LexBound bound = LexBound.parse(arg);
        if (bound == null) {
            throw notLexRange();
        }
        return bound;
    }

    static CommandException notLexRange() {
        return Errors.generic("min or max not valid string range item");
    }

    /**
     * Runs {@code query} on the sorted set at {@code key} and returns its result, or {@code absent}
     * when there is no key. A skiplist is queried under the lock; a listpack's block is taken under
     * the lock and opened and queried after it. The query's result must not hold members of the set.
     */
    static <R> R read(CommandContext c, byte[] key, R absent, Function<SortedView, R> query) {
        OpenedZSet set;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), key);
            if (entry == null) {
                return absent;
            }
            set = OpenedZSet.forRead(c, entry);
            if (set.isTree()) {
                return query.apply(set.view());
            }
        }
        try (set) {
            return query.apply(set.view());
        }
    }

    /**
     * As {@link #read}, for results that hold members of the set: {@code reply} writes them after the
     * lock, before the opened pairs are wiped; {@code absent} replies when there is no key.
     */
    static <R> void readAndReply(CommandContext c, byte[] key, Runnable absent, Function<SortedView, R> query,
                                 BiConsumer<OpenedZSet, R> reply) {
        OpenedZSet set;
        R result = null;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), key);
            if (entry == null) {
                set = null;
            } else {
                set = OpenedZSet.forRead(c, entry);
                if (set.isTree()) {
                    result = query.apply(set.view());
                }
            }
        }
        if (set == null) {
            absent.run();
            return;
        }
        try (set) {
            if (result == null) {
                result = query.apply(set.view());
            }
            reply.accept(set, result);
        }
    }

    /** A change to one sorted set, given the set (to note insertions) and its view. */
    @FunctionalInterface
    interface Change<R> {
        R apply(OpenedZSet set, SortedView view);
    }

    /**
     * Runs {@code change} on the sorted set at {@code key}, creating it when missing ({@code sizeHint}
     * members of up to {@code lengthHint} bytes decide its first encoding; Redis 7.0's ZADD looks at its
     * first member only), then stores the result (or deletes an emptied key). The change may run more
     * than once, so it must not change anything but the set it is given. A change fires the keyspace
     * notification {@code event}. {@code members} (argument arrays, or null) are the members the change
     * looks up: for a skiplist set their tokens are computed before the lock.
     */
    static <R> R write(CommandContext c, byte[] key, String event, long sizeHint, long lengthHint, byte[][] members,
                       Change<R> change) {
        return write(c, key, event, true, sizeHint, lengthHint, null, members, change);
    }

    /** As {@link #write} for commands that do nothing to a missing key: {@code absent} then. */
    static <R> R writeExisting(CommandContext c, byte[] key, String event, R absent, byte[][] members,
                               Change<R> change) {
        return write(c, key, event, false, 0, 0, absent, members, change);
    }

    /**
     * A listpack set (or a new one that starts as a listpack) is changed with the crypto outside the
     * lock: its sealed block is read under the lock, opened, changed and sealed again without it, and
     * stored under the lock only if the key still holds that very block (compare-and-set), else tried
     * again; after {@value #OPTIMISTIC_ATTEMPTS} lost races, or for a skiplist set, the change runs
     * under the lock throughout. A skiplist set that this thread wrote last ({@link #RECENT}) skips
     * the first look under the lock; for a skiplist set, the members' tokens are computed before the lock
     * that changes it and used if the key still holds that set. A ZADD or ZINCRBY that finds there a
     * member not in the set yet lets the lock go, seals the missing members and takes it again, so
     * that the insertion does not seal under the lock.
     */
    private static <R> R write(CommandContext c, byte[] key, String event, boolean create, long sizeHint,
                               long lengthHint, R absent, byte[][] members, Change<R> change) {
        ZSetValue tree = RECENT.get(c.db().index(), key);
        for (int attempt = 0; tree == null && attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            Attempt<R> done = tryDetached(c, key, event, create, sizeHint, lengthHint, absent, change);
            if (done == null) {
                continue;
            }
            if (!done.needsLock()) {
                return done.result();
            }
            tree = done.tree();
            break;
        }
        Pretokened tokens = tree == null || members == null ? null
                : Pretokened.of(ElementSealer.of(c.codec(), tree), members);
        for (int pass = 0; ; pass++) {
            if (pass > 0) {
                tokens.sealAbsent();
            }
            try (var lock = c.lock()) {
                Database db = c.db();
                Entry entry = c.keyspace().lookupWrite(db, key);
                if (entry == null && !create) {
                    return absent;
                }
                boolean same = tree != null && entry != null && entry.value() == tree;
                if (same && create && pass == 0 && tokens != null && tokens.anyAbsent(tree.tree())) {
                    continue;
                }
                return apply(c, db, key, entry, sizeHint, lengthHint, same ? tokens : null, event, change);
            }
        }
    }

    /** Under the lock: runs {@code change} on the set of {@code entry} (null: a new set) and stores the result. */
    private static <R> R apply(CommandContext c, Database db, byte[] key, Entry entry, long sizeHint, long lengthHint,
                               Pretokened tokens, String event, Change<R> change) {
        try (var set = OpenedZSet.forWrite(c, db, entry, sizeHint, lengthHint, tokens)) {
            R result = change.apply(set, set.view());
            set.commit(c, db, key, entry, event);
            if (set.isTree() && entry != null && set.view().size() > 0) {
                RECENT.set(db.index(), key, (ZSetValue) entry.value());
            }
            return result;
        }
    }

    /** The skiplist set this network thread wrote to last, if it was {@code key}'s in the current database, or null. */
    static ZSetValue recentTree(CommandContext c, byte[] key) {
        return RECENT.get(c.db().index(), key);
    }

    /**
     * Under the lock (a run's hold), as {@link #write} there: runs {@code change} (whose result is never null) on
     * {@code tree} if {@code key} (of hash {@code keyHash}) still holds it, its members' tokens and seals taken
     * from {@code tokens}, made for that set; null when the key holds something else, which is then forgotten.
     */
    static <R> R writeTree(CommandContext c, byte[] key, int keyHash, ZSetValue tree, Pretokened tokens, String event,
                           Change<R> change) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key, keyHash);
            if (entry == null || entry.value() != tree) {
                RECENT.forget(db.index(), key);
                return null;
            }
            return apply(c, db, key, entry, 0, 0, tokens, event, change);
        }
    }

    private static final int OPTIMISTIC_ATTEMPTS = 3;

    /**
     * How a detached attempt ended: done with a result, or the set needs the locked path ({@code tree}:
     * the skiplist set seen, or null for a new key).
     */
    private record Attempt<R>(R result, boolean needsLock, ZSetValue tree) {
    }

    /** One optimistic round; null when the key changed in between. */
    private static <R> Attempt<R> tryDetached(CommandContext c, byte[] key, String event, boolean create, long sizeHint,
                                              long lengthHint, R absent, Change<R> change) {
        ZSetValue value;
        byte[] block;
        long dbId;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            if (entry == null) {
                if (!create) {
                    return new Attempt<>(absent, false, null);
                }
                if (!OpenedZSet.fitsListpack(c, sizeHint, lengthHint)) {
                    return new Attempt<>(null, true, null);
                }
                value = null;
                block = null;
            } else {
                value = Values.collection(entry, ZSetValue.class);
                if (!value.isListpack()) {
                    return new Attempt<>(null, true, value);
                }
                block = value.block();
            }
            dbId = db.id();
        }
        ElementSealer sealer = value == null ? ElementSealer.forNew(c.codec()) : ElementSealer.of(c.codec(), value);
        try (var set = OpenedZSet.detached(sealer, value, block)) {
            R result = change.apply(set, set.view());
            Object prepared = set.prepare(c);
            try (var lock = c.lock()) {
                Database db = c.db();
                Entry entry = c.keyspace().lookupWrite(db, key);
                boolean unchanged = db.id() == dbId && (value == null ? entry == null
                        : entry != null && entry.value() == value && value.holdsBlock(block));
                if (!unchanged) {
                    return null;
                }
                set.apply(c, db, key, entry, prepared, event);
                return new Attempt<>(result, false, null);
            }
        }
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        List<CommandSpec> table = new ArrayList<>(List.of(
            cmd("zadd", -4).flags("write denyoom fast").keys(1, 1, 1, "RW update")
                .run(ZSetCommands::zadd),
            cmd("zincrby", 4).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(ZSetCommands::zincrby),
            cmd("zrem", -3).flags("write fast").keys(1, 1, 1, "RW delete")
                .run(ZSetCommands::zrem),
            cmd("zcard", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(ZSetCommands::zcard),
            cmd("zscore", 3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zscore),
            cmd("zmscore", -3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zmscore),
            cmd("zrank", 3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zrank),
            cmd("zrevrank", 3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zrevrank),
            cmd("zcount", 4).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zcount),
            cmd("zlexcount", 4).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(ZSetCommands::zlexcount)));
        table.addAll(ZRangeCommands.table());
        table.addAll(ZPopCommands.table());
        table.addAll(BlockingZSetCommands.table());
        table.addAll(ZSetAlgebra.table());
        table.add(ZScanCommand.spec());
        return List.copyOf(table);
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "sorted-set", "sortedset");
    }
}
