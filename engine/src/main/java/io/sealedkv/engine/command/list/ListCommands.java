package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Optimistic;
import io.sealedkv.engine.command.RecentCollection;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.list.EdgeJob;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes, pops and reads. Pushed elements are sealed before the lock for the list they go to (the list
 * is looked up first, unless this thread pushed to the key last ({@link #RECENT}); if it changed when
 * the lock is taken again, they are sealed anew); popped and read segments are opened after the lock. A push
 * or pop alone on a small list opens and seals its block without the lock and commits if the list is
 * unchanged ({@link SmallLists.Snapshot}), its popped elements going open to the reply.
 */
public final class ListCommands {
    private static final int OPTIMISTIC_ATTEMPTS = 3;
    /** The list each network thread pushed to last. */
    private static final RecentCollection<SealedList> RECENT = new RecentCollection<>();

    private ListCommands() {
    }

    /** The list this thread pushed to last at {@code key} of the client's database, or null. */
    static SealedList recent(CommandContext c, byte[] key) {
        return RECENT.get(c.db().index(), key);
    }

    /** Remembers the list just pushed to; call under the lock. */
    static void remember(Database db, byte[] key, SealedList list) {
        RECENT.set(db.index(), key, list);
    }

    static void lpush(CommandContext c) {
        push(c, true, false);
    }

    static void rpush(CommandContext c) {
        push(c, false, false);
    }

    static void lpushx(CommandContext c) {
        push(c, true, true);
    }

    static void rpushx(CommandContext c) {
        push(c, false, true);
    }

    private static void push(CommandContext c, boolean head, boolean onlyExisting) {
        byte[] key = c.arg(1);
        List<byte[]> elements = new ArrayList<>(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            elements.add(c.arg(head ? c.argc() + 1 - i : i));
        }
        NodeFill fill = ListAccess.fill(c);
        SealedList recent = RECENT.get(c.db().index(), key);
        for (int attempt = 0; ; attempt++) {
            try (var held = attempt >= OPTIMISTIC_ATTEMPTS ? c.lock() : null) {
                SealedList seen = recent;
                recent = null;
                SmallLists.Snapshot small = null;
                boolean lookedUp = seen == null || seen.small();
                if (lookedUp) {
                    try (var lock = c.lock()) {
                        seen = ListAccess.list(c.keyspace().lookupWrite(c.db(), key));
                        if (seen == null && onlyExisting) {
                            c.reply().integer(0);
                            return;
                        }
                        small = SmallLists.forPush(seen, elements, fill);
                    }
                }
                ElementSealer sealer = seen == null ? ElementSealer.forNew(c.codec()) : ElementSealer.of(c.codec(), seen);
                if (small != null) {
                    if (pushedSmall(c, key, head, small, sealer, elements)) {
                        return;
                    }
                    continue;
                }
                List<Object> segments = SmallLists.takesPushes(seen, elements) ? null
                        : ListPacker.seal(sealer, elements, fill, elements.size() >= SealedList.EDGE_RUN);
                long length;
                EdgeJob job;
                try (var lock = c.lock()) {
                    Database db = c.db();
                    Entry entry = lookedUp ? ListAccess.lookupAgain(c.keyspace(), db, key)
                            : c.keyspace().lookupWrite(db, key);
                    SealedList list = ListAccess.list(entry);
                    if (list != seen) {
                        continue;
                    }
                    if (list == null) {
                        list = new SealedList(sealer.identity());
                        c.keyspace().writes().set(db, key, list, false);
                    } else {
                        c.keyspace().writes().modifying(db, entry);
                    }
                    if (SmallLists.push(list, sealer, elements, head, fill)) {
                        job = null;
                    } else {
                        if (segments == null) {
                            segments = ListPacker.seal(sealer, elements, fill, elements.size() >= SealedList.EDGE_RUN);
                        }
                        job = ListAccess.pushDeferred(list, segments, head, sealer, fill);
                    }
                    length = list.size();
                    c.notifyEvent(KeyspaceEvents.LIST, head ? "lpush" : "rpush", key);
                    RECENT.set(db.index(), key, list);
                }
                c.reply().integer(length);
                ListAccess.finish(c, key, job);
                return;
            }
        }
    }

    /**
     * A push onto a small list whose block was read under the lock: opened and sealed with the elements
     * without the lock, committed under it if the list is unchanged; false, changing nothing, when it changed.
     */
    private static boolean pushedSmall(CommandContext c, byte[] key, boolean head, SmallLists.Snapshot small,
                                       ElementSealer sealer, List<byte[]> elements) {
        SmallLists.Change change = small.push(sealer, elements, head);
        long length;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = ListAccess.lookupAgain(c.keyspace(), db, key);
            if (!change.holds(ListAccess.list(entry))) {
                return false;
            }
            c.keyspace().writes().modifying(db, entry);
            change.apply();
            length = small.list().size();
            c.notifyEvent(KeyspaceEvents.LIST, head ? "lpush" : "rpush", key);
            RECENT.set(db.index(), key, small.list());
        }
        c.reply().integer(length);
        return true;
    }

    static void lpop(CommandContext c) {
        pop(c, true);
    }

    static void rpop(CommandContext c) {
        pop(c, false);
    }

    private static void pop(CommandContext c, boolean head) {
        if (c.argc() > 3) {
            throw Errors.wrongArity(c.spec().fullName());
        }
        boolean withCount = c.argc() == 3;
        long count = withCount ? positiveCount(c.arg(2)) : 1;
        PopDone done = Optimistic.run(c, () -> popAttempt(c, head, withCount, count));
        if (done.popped() == null) {
            return;
        }
        try {
            if (withCount) {
                c.reply().array((int) done.popped().count());
            }
            done.popped().writeElements(c.reply());
        } finally {
            ListAccess.finish(c, c.arg(1), done.job());
        }
    }

    /** A pop made: the elements for the reply and the job due after it; no elements when already answered. */
    private record PopDone(Popped popped, EdgeJob job) {
        static final PopDone ANSWERED = new PopDone(null, null);
    }

    /**
     * One attempt at a pop: under the lock for a list in segments; for a small list, the block is read under
     * the lock, opened and resealed without it, and the pop committed if the list is unchanged (else null).
     */
    private static PopDone popAttempt(CommandContext c, boolean head, boolean withCount, long count) {
        SmallLists.Snapshot small;
        ElementSealer sealer;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, c.arg(1));
            if (entry == null) {
                if (withCount) {
                    c.reply().nullArray();
                } else {
                    c.reply().nullBulk();
                }
                return PopDone.ANSWERED;
            }
            SealedList list = ListAccess.list(entry);
            if (count == 0) {
                c.reply().array(0);
                return PopDone.ANSWERED;
            }
            if (!list.small()) {
                Popped popped = ListAccess.pop(c.keyspace(), c.codec(), ListAccess.fill(c), db, entry, head, count);
                EdgeJob job = list.size() > 0 ? EdgeJob.unpacking(list, head) : null;
                return new PopDone(popped, job);
            }
            small = SmallLists.Snapshot.of(list);
            sealer = ElementSealer.of(c.codec(), list);
        }
        SmallLists.Change change = small.pop(sealer, head, (int) Math.min(count, small.size()));
        boolean committed = false;
        try (var lock = c.lock()) {
            Database db = c.db();
            committed = ListAccess.commitSmallPop(c.keyspace(), db, ListAccess.lookupAgain(c.keyspace(), db, c.arg(1)),
                    change, head);
        } finally {
            if (!committed) {
                change.wipe();
            }
        }
        return committed ? new PopDone(new Popped(c.arg(1).clone(), sealer, change.taken(), head), null) : null;
    }

    /** LPOP's count: an integer of at least 0, else Redis's "must be positive". */
    private static long positiveCount(byte[] arg) {
        Long value = Args.tryParseLong(arg);
        if (value == null || value < 0) {
            throw new CommandException("ERR value is out of range, must be positive");
        }
        return value;
    }

    static void llen(CommandContext c) {
        try (var lock = c.lock()) {
            SealedList list = ListAccess.list(c.keyspace().lookupRead(c.db(), c.arg(1)));
            c.reply().integer(list == null ? 0 : list.size());
        }
    }

    static void lindex(CommandContext c) {
        Object segment;
        int offset;
        ElementSealer sealer;
        try (var lock = c.lock()) {
            SealedList list = ListAccess.list(c.keyspace().lookupRead(c.db(), c.arg(1)));
            if (list == null) {
                c.reply().nullBulk();
                return;
            }
            long index = c.argLong(2); // parsed after the key's type, as Redis does
            if (index < 0) {
                index += list.size();
            }
            if (index < 0 || index >= list.size()) {
                c.reply().nullBulk();
                return;
            }
            long at = list.locate(index);
            segment = list.segment((int) (at >>> 32));
            offset = (int) at;
            sealer = ElementSealer.of(c.codec(), list);
        }
        read(c, sealer, segment, offset, 1, ListReadRun.kept());
    }

    static void lrange(CommandContext c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        List<Object> segments = new ArrayList<>();
        int skip;
        long n;
        ElementSealer sealer;
        EdgeJob job;
        try (var lock = c.lock()) {
            SealedList list = ListAccess.list(c.keyspace().lookupRead(c.db(), c.arg(1)));
            long[] range = list == null ? null : Ranges.clamp(start, end, list.size());
            if (range == null) {
                c.reply().array(0);
                return;
            }
            n = range[1] - range[0] + 1;
            long at = list.locate(range[0]);
            skip = (int) at;
            long covered = -skip;
            for (int i = (int) (at >>> 32); covered < n; i++) {
                Object segment = list.segment(i);
                segments.add(segment);
                covered += SealedList.countOf(segment);
            }
            sealer = ElementSealer.of(c.codec(), list);
            job = packForReads(list, range, ListAccess.fill(c));
        }
        try {
            c.reply().array((int) n);
            long left = n;
            OpenedNodes kept = ListReadRun.kept();
            for (Object segment : segments) {
                left -= read(c, sealer, segment, skip, left, kept);
                skip = 0;
            }
        } finally {
            ListAccess.finish(c, c.arg(1), job);
        }
    }

    /**
     * Replies elements of a segment from index {@code skip} on, at most {@code max}, as bulk strings; a node
     * that a run of reads keeps ({@code kept} not null) is taken from it; returns how many it replied.
     */
    private static int read(CommandContext c, ElementSealer sealer, Object segment, int skip, long max,
                            OpenedNodes kept) {
        if (kept != null && segment instanceof ListNode node && OpenedNodes.keeps(node)) {
            return kept.read(sealer, node, skip, max, c.reply());
        }
        return ListPacker.read(sealer, segment, skip, max, c.reply()::bulk);
    }

    /** The packing of the singles at the edge a range read reaches into, if many ({@link EdgeJob#packingForReads}). */
    private static EdgeJob packForReads(SealedList list, long[] range, NodeFill fill) {
        if (range[0] < list.edgeRun(true)) {
            return EdgeJob.packingForReads(list, fill, true);
        }
        if (range[1] >= list.size() - list.edgeRun(false)) {
            return EdgeJob.packingForReads(list, fill, false);
        }
        return null;
    }

    static void lpos(CommandContext c) {
        LposOptions options = LposOptions.parse(c);
        Object[] segments;
        ElementSealer sealer;
        try (var lock = c.lock()) {
            SealedList list = ListAccess.list(c.keyspace().lookupRead(c.db(), c.arg(1)));
            if (list == null) {
                if (options.withCount()) {
                    c.reply().array(0);
                } else {
                    c.reply().nullBulk();
                }
                return;
            }
            segments = list.segments();
            sealer = ElementSealer.of(c.codec(), list);
        }
        List<Long> matches = ListScan.positions(sealer, segments, c.arg(2), options);
        if (!options.withCount()) {
            if (matches.isEmpty()) {
                c.reply().nullBulk();
            } else {
                c.reply().integer(matches.get(0));
            }
            return;
        }
        c.reply().array(matches.size());
        matches.forEach(c.reply()::integer);
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("lpush", -3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(ListCommands::lpush),
            cmd("rpush", -3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(ListCommands::rpush),
            cmd("lpushx", -3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(ListCommands::lpushx),
            cmd("rpushx", -3).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(ListCommands::rpushx),
            cmd("lpop", -2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .run(ListCommands::lpop),
            cmd("rpop", -2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .run(ListCommands::rpop),
            cmd("llen", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(ListCommands::llen),
            cmd("lrange", 4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ListCommands::lrange),
            cmd("lindex", 3).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ListCommands::lindex),
            cmd("lpos", -3).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ListCommands::lpos),
            cmd("lset", 4).flags("write denyoom").keys(1, 1, 1, "RW update")
                .run(ListEdits::lset),
            cmd("linsert", 5).flags("write denyoom").keys(1, 1, 1, "RW insert")
                .run(ListEdits::linsert),
            cmd("lrem", 4).flags("write").keys(1, 1, 1, "RW delete")
                .run(ListEdits::lrem),
            cmd("ltrim", 4).flags("write").keys(1, 1, 1, "RW delete")
                .run(ListEdits::ltrim),
            cmd("lmove", 5).flags("write denyoom").keys(1, 2, 1, "RW access delete;RW insert")
                .run(ListMoves::lmove),
            cmd("rpoplpush", 3).flags("write denyoom").keys(1, 2, 1, "RW access delete;RW insert")
                .run(ListMoves::rpoplpush),
            cmd("lmpop", -4).flags("write").keynum(1, "RW access delete")
                .run(ListMoves::lmpop),
            cmd("blpop", -3).flags("write noscript blocking").keys(1, -2, 1, "RW access delete").acl("blocking")
                .run(BlockingListCommands::blpop),
            cmd("brpop", -3).flags("write noscript blocking").keys(1, -2, 1, "RW access delete").acl("blocking")
                .run(BlockingListCommands::brpop),
            cmd("blmove", 6).flags("write denyoom noscript blocking").keys(1, 2, 1, "RW access delete;RW insert")
                .acl("blocking")
                .run(BlockingListCommands::blmove),
            cmd("brpoplpush", 4).flags("write denyoom noscript blocking").keys(1, 2, 1, "RW access delete;RW insert")
                .acl("blocking")
                .run(BlockingListCommands::brpoplpush),
            cmd("blmpop", -5).flags("write blocking").keynum(2, "RW access delete").acl("blocking")
                .run(BlockingListCommands::blmpop));
    }

    private static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "list", "list");
    }
}
