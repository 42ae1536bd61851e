package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.zset.SortedView;
import io.sealedkv.engine.types.zset.ZItem;
import io.sealedkv.engine.types.zset.ZSetValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and ZRANDMEMBER. {@link #pop} is the one popping step, made to be called
 * under the lock by the blocking variants (BZPOPMIN, BZPOPMAX, BZMPOP) as well.
 */
public final class ZPopCommands {
    private static final byte[] ZPOPMIN = Text.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Text.bytes("ZPOPMAX");

    private ZPopCommands() {
    }

    /**
     * What a pop took: the items, lowest first for MIN and highest first for MAX, and the opened set
     * they came from. Reply with one of the reply methods after the lock, then {@link #close()}.
     */
    public static final class Popped implements AutoCloseable {
        private final OpenedZSet set;
        private final List<ZItem> items;

        Popped(OpenedZSet set, List<ZItem> items) {
            this.set = set;
            this.items = items;
        }

        public int size() {
            return items.size();
        }

        /** Member, score, ... in one flat array (ZPOPMIN without a count). */
        public void replyFlat(CommandContext c) {
            ZReplies.flat(c, set, items);
        }

        /** RESP2 flat, RESP3 [member, score] pairs (ZPOPMIN with a count). */
        public void replyWithCount(CommandContext c) {
            ZReplies.items(c, set, items, true);
        }

        /** Key, member, score, ... in one flat array (BZPOPMIN, BZPOPMAX). */
        public void replyKeyedFlat(CommandContext c, byte[] key) {
            c.reply().array(1 + 2 * items.size());
            c.reply().bulk(key);
            for (ZItem item : items) {
                ZReplies.member(c, set, item);
                ZReplies.score(c, item.score());
            }
        }

        /** [key, [[member, score], ...]] in both protocols (ZMPOP, BZMPOP). */
        public void replyKeyedNested(CommandContext c, byte[] key) {
            c.reply().array(2);
            c.reply().bulk(key);
            replyNested(c);
        }

        /** [member, score] pairs in both protocols (ZMPOP). */
        public void replyNested(CommandContext c) {
            ZReplies.nested(c, set, items);
        }

        /** Wipes the opened members the set kept (a listpack's), keeping only those taken, for a later reply. */
        void keepOnlyTaken() {
            set.wipeKept();
        }

        @Override
        public void close() {
            set.close();
        }
    }

    /**
     * Pops up to {@code count} members from the lowest ({@code max} false) or highest end of the sorted
     * set at the live {@code entry}, under the lock; deletes the key when it is emptied. WRONGTYPE when
     * the entry holds another type.
     */
    public static Popped pop(CommandContext c, Database db, Entry entry, boolean max, long count) {
        OpenedZSet set = OpenedZSet.forWrite(c, db, entry, 0, 0);
        try {
            SortedView view = set.view();
            int n = (int) Math.min(count, view.size());
            List<ZItem> items = max ? view.removeRange(view.size() - n, view.size()) : view.removeRange(0, n);
            if (max) {
                items = new ArrayList<>(items);
                Collections.reverse(items);
            }
            set.commit(c, db, entry.key(), entry, max ? "zpopmax" : "zpopmin");
            return new Popped(set, items);
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    static void zpopmin(CommandContext c) {
        popCommand(c, false);
    }

    static void zpopmax(CommandContext c) {
        popCommand(c, true);
    }

    private static void popCommand(CommandContext c, boolean max) {
        long count = popCount(c);
        replyPopped(c, popTop(c, c.prepare(c.arg(1)), max, count), count);
    }

    /** ZPOPMIN's or ZPOPMAX's count: -1 when not given; throws a syntax or range error. */
    static long popCount(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        return c.argc() == 3 ? positive(c.arg(2), "value is out of range, must be positive") : -1;
    }

    /**
     * ZPOPMIN's or ZPOPMAX's change, under the lock, at the key (of hash {@code keyHash}); null when there is
     * nothing to pop (no key, or a count of 0). {@code count} as {@link #popCount} returns it.
     */
    static Popped popTop(CommandContext c, int keyHash, boolean max, long count) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, c.arg(1), keyHash);
            if (entry == null) {
                return null;
            }
            if (count == 0) {
                Values.collection(entry, ZSetValue.class);
                return null;
            }
            return pop(c, db, entry, max, count < 0 ? 1 : count);
        }
    }

    /** Replies to ZPOPMIN or ZPOPMAX with what {@link #popTop} took (null: nothing), after the lock, and wipes it. */
    static void replyPopped(CommandContext c, Popped popped, long count) {
        if (popped == null) {
            c.reply().array(0);
            return;
        }
        try (popped) {
            if (count < 0) {
                popped.replyFlat(c);
            } else {
                popped.replyWithCount(c);
            }
        }
    }

    /** ZMPOP's and BZMPOP's arguments after the timeout: numkeys, keys, MIN|MAX, COUNT (-1 when absent). */
    record MpopArgs(int firstKey, int keys, boolean max, long count) {
        static MpopArgs parse(CommandContext c, int numkeysAt) {
            long numkeys = range(c.arg(numkeysAt), "numkeys should be greater than 0");
            if (numkeys > c.argc() - numkeysAt - 2) {
                throw Errors.syntax();
            }
            int where = numkeysAt + 1 + (int) numkeys;
            boolean max;
            if (c.argIs(where, "min")) {
                max = false;
            } else if (c.argIs(where, "max")) {
                max = true;
            } else {
                throw Errors.syntax();
            }
            long count = -1;
            for (int j = where + 1; j < c.argc(); j++) {
                if (count == -1 && c.argIs(j, "count") && j + 1 < c.argc()) {
                    count = range(c.arg(++j), "count should be greater than 0");
                } else {
                    throw Errors.syntax();
                }
            }
            return new MpopArgs(numkeysAt + 1, (int) numkeys, max, count);
        }

        /** How many members to pop at most. */
        long wanted() {
            return count == -1 ? 1 : count;
        }
    }

    /** ZPOPMIN/ZPOPMAX key count: how ZMPOP and BZMPOP are propagated. */
    static byte[][] popPropagation(boolean max, byte[] key, long count) {
        return new byte[][] {max ? ZPOPMAX : ZPOPMIN, key.clone(), Text.bytes(Long.toString(count))};
    }

    /** ZPOPMIN/ZPOPMAX key: how BZPOPMIN and BZPOPMAX are propagated. */
    static byte[][] popPropagation(boolean max, byte[] key) {
        return new byte[][] {max ? ZPOPMAX : ZPOPMIN, key.clone()};
    }

    static void zmpop(CommandContext c) {
        MpopArgs args = MpopArgs.parse(c, 1);
        long wanted = args.wanted();
        Popped popped = null;
        byte[] key = null;
        try (var lock = c.lock()) {
            Database db = c.db();
            for (int i = 0; i < args.keys() && popped == null; i++) {
                Entry entry = c.keyspace().lookupWrite(db, c.arg(args.firstKey() + i));
                if (entry != null) {
                    key = c.arg(args.firstKey() + i);
                    popped = pop(c, db, entry, args.max(), wanted);
                    c.propagateAs(popPropagation(args.max(), key, wanted));
                }
            }
        }
        if (popped == null) {
            c.reply().nullArray();
            return;
        }
        try (Popped taken = popped) {
            taken.replyKeyedNested(c, key);
        }
    }

    /** A positive count (zero allowed) with Redis's one error for anything else. */
    private static long positive(byte[] arg, String message) {
        Long value = Args.tryParseLong(arg);
        if (value == null || value < 0) {
            throw Errors.generic(message);
        }
        return value;
    }

    /** A value from 1 to Long.MAX_VALUE, with one error for anything else. */
    static long range(byte[] arg, String message) {
        Long value = Args.tryParseLong(arg);
        if (value == null || value < 1) {
            throw Errors.generic(message);
        }
        return value;
    }

    static void zrandmember(CommandContext c) {
        if (c.argc() == 2) {
            ZSetCommands.readAndReply(c, c.arg(1), () -> c.reply().nullBulk(),
                    view -> view.item(ThreadLocalRandom.current().nextInt(view.size())),
                    (set, item) -> ZReplies.member(c, set, item));
            return;
        }
        long count = c.argLong(2);
        if (count == Long.MIN_VALUE) {
            throw Errors.generic("value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withscores"))) {
            throw Errors.syntax();
        }
        boolean withScores = c.argc() == 4;
        if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw Errors.generic("value is out of range");
        }
        ZSetCommands.readAndReply(c, c.arg(1), () -> c.reply().array(0), view -> randomItems(view, count),
                (set, items) -> ZReplies.items(c, set, items, withScores));
    }

    /** |count| random items: distinct for a positive count (the whole set when it asks as many), else repeating. */
    private static List<ZItem> randomItems(SortedView view, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int size = view.size();
        if (count == 0) {
            return List.of();
        }
        if (count < 0) {
            long n = -count;
            if (n > Integer.MAX_VALUE - 8) {
                throw new CommandException("ERR value is out of range");
            }
            List<ZItem> items = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                items.add(view.item(random.nextInt(size)));
            }
            return items;
        }
        if (count >= size) {
            return view.items(0, size, false);
        }
        int n = (int) count;
        if (n * 3L > size) {
            List<ZItem> all = new ArrayList<>(view.items(0, size, false));
            Collections.shuffle(all, random);
            return new ArrayList<>(all.subList(0, n));
        }
        Set<Integer> ranks = new HashSet<>();
        List<ZItem> items = new ArrayList<>(n);
        while (items.size() < n) {
            int rank = random.nextInt(size);
            if (ranks.add(rank)) {
                items.add(view.item(rank));
            }
        }
        return items;
    }

    static List<CommandSpec> table() {
        return List.of(
            ZSetCommands.cmd("zpopmin", -2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .run(ZPopCommands::zpopmin),
            ZSetCommands.cmd("zpopmax", -2).flags("write fast").keys(1, 1, 1, "RW access delete")
                .run(ZPopCommands::zpopmax),
            ZSetCommands.cmd("zmpop", -4).flags("write").keynum(1, "RW access delete")
                .run(ZPopCommands::zmpop),
            ZSetCommands.cmd("zrandmember", -2).flags("readonly").keys(1, 1, 1, "RO access")
                .tips("nondeterministic_output")
                .run(ZPopCommands::zrandmember));
    }
}
