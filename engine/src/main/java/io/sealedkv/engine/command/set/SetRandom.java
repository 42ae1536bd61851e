package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Optimistic;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SPOP and SRANDMEMBER. Random members of a large set are random indexes of its dense table, taken
 * under the lock with their tokens; they are opened without it, and SPOP then removes them by token if
 * they are all still there (else it tries again). SPOP propagates as SREM of the members it popped, or
 * as DEL when it popped the whole set, as Redis does. When no propagation listener is attached, nothing
 * needs the popped members in clear before the commit: SPOP from a large set, or of a whole set, then
 * pops under one hold of the lock and opens what it popped after it (a small set's remaining members
 * must still be opened and resealed between two holds).
 */
final class SetRandom {
    private static final byte[] SREM = Text.bytes("SREM");
    private static final byte[] DEL = Text.bytes("DEL");

    private SetRandom() {
    }

    static void spop(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        if (c.argc() == 3) {
            long count = Args.tryParseLong(c.arg(2)) == null ? -1 : Args.parseLong(c.arg(2));
            if (count < 0) {
                throw new CommandException("ERR value is out of range, must be positive");
            }
            List<byte[]> popped = Optimistic.run(c, () -> popAttempt(c, c.arg(1), count));
            SetCommands.replySet(c, popped);
            return;
        }
        List<byte[]> popped = popOne(c, c.arg(1));
        if (popped.isEmpty()) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(popped.get(0));
            Plain.wipe(popped);
        }
    }

    /**
     * SPOP's single-member form under a hold of the lock the caller keeps: pops one member of a large set,
     * or the last of any set, when nothing is propagated ({@link #popNow}), its sealed member left to
     * open after the hold ({@link Snapshot#NONE} when the key is absent); null when it must be popped as
     * alone ({@link #popOne}), whose lookup is then the command's one access of the key. WRONGTYPE for
     * another type.
     */
    static Snapshot popHeld(CommandContext c, byte[] key, int keyHash) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookup(db, key, keyHash, Keyspace.NO_STATS | Keyspace.NO_TOUCH);
            if (entry == null) {
                return Snapshot.NONE;
            }
            if (entry.value() instanceof SetValue set && popsAlone(c, set)) {
                return null;
            }
            c.keyspace().touch(entry);
            SetValue set = Seen.of(key, entry).value();
            boolean whole = set.size() == 1;
            return popNow(c, db, entry, key, set, ElementSealer.of(c.codec(), set), whole, 1);
        }
    }

    /**
     * Whether SPOP's single-member form must open {@code set} before it changes it: to propagate the SREM of
     * the member in clear, or to reseal what a small set keeps.
     */
    private static boolean popsAlone(CommandContext c, SetValue set) {
        return c.keyspace().writes().propagates() || set.isSmall() && set.size() > 1;
    }

    /** SPOP's single-member form as alone: the member popped, opened (the caller wipes it), or none. */
    static List<byte[]> popOne(CommandContext c, byte[] key) {
        return Optimistic.run(c, () -> popAttempt(c, key, -1));
    }

    /** Pops {@code count} members (one, as the single-member form, when negative); null on a lost race. */
    private static List<byte[]> popAttempt(CommandContext c, byte[] key, long count) {
        long wanted = count < 0 ? 1 : count;
        Seen seen;
        Snapshot snapshot;
        byte[][] tokens = null;
        boolean whole;
        boolean poppedNow = false;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            seen = Seen.of(key, entry);
            if (!seen.exists() || wanted == 0) {
                return new ArrayList<>();
            }
            SetValue set = seen.value();
            ElementSealer sealer = ElementSealer.of(c.codec(), set);
            whole = wanted >= set.size();
            if ((whole || !set.isSmall()) && !c.keyspace().writes().propagates()) {
                snapshot = popNow(c, db, entry, key, set, sealer, whole, (int) wanted);
                poppedNow = true;
            } else if (whole || set.isSmall()) {
                snapshot = Snapshot.of(sealer, set);
            } else {
                int[] indexes = distinctIndexes((int) set.size(), (int) wanted);
                snapshot = Snapshot.ofIndexes(sealer, set, indexes);
                tokens = new byte[indexes.length][];
                for (int i = 0; i < indexes.length; i++) {
                    tokens[i] = set.tokenAt(indexes[i]);
                }
            }
        }
        List<byte[]> opened = snapshot.open();
        if (poppedNow) {
            return opened;
        }
        if (whole) {
            return commitWhole(c, seen, key, opened, count >= 0);
        }
        if (tokens != null) {
            return commitLarge(c, seen, key, tokens, opened);
        }
        boolean[] chosen = new boolean[opened.size()];
        for (int index : distinctIndexes(opened.size(), (int) wanted)) {
            chosen[index] = true;
        }
        List<byte[]> popped = new ArrayList<>((int) wanted);
        List<byte[]> kept = new ArrayList<>(opened.size());
        for (int i = 0; i < chosen.length; i++) {
            (chosen[i] ? popped : kept).add(opened.get(i));
        }
        boolean done = SetCommands.commitSmall(c, seen, snapshot.crypto(), kept, srem(key, popped), "spop");
        Plain.wipe(kept);
        if (!done) {
            Plain.wipe(popped);
            return null;
        }
        return popped;
    }

    /**
     * Pops {@code wanted} members of a large set, or the whole of any set, under the lock the caller
     * holds, when nothing is propagated (so the members need not be known in clear before the commit):
     * the sealed members popped, to be opened after the lock is released. The changes, events and
     * (absent) propagation are those of {@link #commitWhole} and {@link #commitLarge}.
     */
    private static Snapshot popNow(CommandContext c, Database db, Entry entry, byte[] key, SetValue set,
                                   ElementSealer sealer, boolean whole, int wanted) {
        if (whole) {
            Snapshot snapshot = Snapshot.of(sealer, set);
            c.keyspace().writes().remove(db, entry);
            c.notifyEvent(KeyspaceEvents.SET, "spop", key);
            c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            return snapshot;
        }
        int[] indexes = distinctIndexes((int) set.size(), wanted);
        Snapshot snapshot = Snapshot.ofIndexes(sealer, set, indexes);
        byte[][] tokens = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            tokens[i] = set.tokenAt(indexes[i]);
        }
        c.keyspace().writes().modifying(db, entry);
        for (byte[] token : tokens) {
            set.remove(token);
        }
        c.notifyEvent(KeyspaceEvents.SET, "spop", key);
        return snapshot;
    }

    private static List<byte[]> commitWhole(CommandContext c, Seen seen, byte[] key, List<byte[]> opened,
                                            boolean withCount) {
        try (var lock = c.lock()) {
            Database db = c.db();
            if (!seen.unchanged(c, db)) {
                Plain.wipe(opened);
                return null;
            }
            c.keyspace().writes().remove(db, Seen.entry(c, db, key));
            c.propagateAs(withCount ? new byte[][] {DEL, key} : srem(key, opened));
            c.notifyEvent(KeyspaceEvents.SET, "spop", key);
            c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        }
        return opened;
    }

    private static List<byte[]> commitLarge(CommandContext c, Seen seen, byte[] key, byte[][] tokens,
                                            List<byte[]> opened) {
        try (var lock = c.lock()) {
            Database db = c.db();
            SetValue set = seen.sameLarge(c, db);
            boolean allThere = set != null;
            for (int i = 0; allThere && i < tokens.length; i++) {
                allThere = set.indexOf(tokens[i]) >= 0;
            }
            if (!allThere) {
                Plain.wipe(opened);
                return null;
            }
            Entry entry = Seen.entry(c, db, key);
            c.keyspace().writes().modifying(db, entry);
            for (byte[] token : tokens) {
                set.remove(token);
            }
            c.notifyEvent(KeyspaceEvents.SET, "spop", key);
            if (set.size() == 0) {
                c.keyspace().writes().remove(db, entry);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            }
            c.propagateAs(srem(key, opened));
        }
        return opened;
    }

    private static byte[][] srem(byte[] key, List<byte[]> members) {
        byte[][] argv = new byte[members.size() + 2][];
        argv[0] = SREM;
        argv[1] = key;
        for (int i = 0; i < members.size(); i++) {
            argv[i + 2] = members.get(i);
        }
        return argv;
    }

    /** {@code count} distinct indexes below {@code size} (count &lt; size), uniformly at random. */
    static int[] distinctIndexes(int size, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count == 1) {
            return new int[] {random.nextInt(size)};
        }
        int[] chosen = new int[count];
        if (count * 4L < size) {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < count; ) {
                int index = random.nextInt(size);
                if (seen.add(index)) {
                    chosen[i++] = index;
                }
            }
            return chosen;
        }
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
            chosen[i] = all[i];
        }
        return chosen;
    }

    static void srandmember(CommandContext c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        if (c.argc() == 2) {
            List<byte[]> one = randomMembers(c, 1, false);
            if (one == null) {
                c.reply().nullBulk();
            } else {
                c.reply().bulk(one.get(0));
                Plain.wipe(one);
            }
            return;
        }
        long count = c.argLong(2);
        if (count == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        List<byte[]> members = count == 0 ? List.of() : randomMembers(c, Math.abs(count), count < 0);
        if (members == null || members.isEmpty()) {
            if (count == 0) {
                try (var lock = c.lock()) {
                    Seen.forRead(c, c.db(), c.arg(1));
                }
            }
            c.reply().array(0);
            return;
        }
        c.reply().array(members.size());
        members.forEach(c.reply()::bulk);
        Plain.wipe(members);
    }

    /**
     * {@code count} random members (with repetitions when {@code repeat}, else distinct and at most
     * the whole set), opened; null when the key is absent.
     */
    private static List<byte[]> randomMembers(CommandContext c, long count, boolean repeat) {
        Snapshot snapshot;
        int[] picks = null;
        try (var lock = c.lock()) {
            Seen seen = Seen.forRead(c, c.db(), c.arg(1));
            if (!seen.exists()) {
                return null;
            }
            SetValue set = seen.value();
            ElementSealer sealer = ElementSealer.of(c.codec(), set);
            int size = (int) set.size();
            if (set.isSmall()) {
                snapshot = Snapshot.of(sealer, set);
            } else if (repeat) {
                picks = new int[(int) Math.min(count, Integer.MAX_VALUE - 8)];
                for (int i = 0; i < picks.length; i++) {
                    picks[i] = ThreadLocalRandom.current().nextInt(size);
                }
                snapshot = Snapshot.ofIndexes(sealer, set, picks);
            } else if (count >= size) {
                snapshot = Snapshot.of(sealer, set);
            } else {
                snapshot = Snapshot.ofIndexes(sealer, set, distinctIndexes(size, (int) count));
            }
        }
        List<byte[]> opened = snapshot.open();
        if (snapshot.block() == null) {
            return opened;
        }
        return pickFromSmall(opened, count, repeat);
    }

    private static List<byte[]> pickFromSmall(List<byte[]> opened, long count, boolean repeat) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (repeat) {
            List<byte[]> picked = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                picked.add(opened.get(random.nextInt(opened.size())).clone());
            }
            Plain.wipe(opened);
            return picked;
        }
        if (count >= opened.size()) {
            return opened;
        }
        List<byte[]> shuffled = new ArrayList<>(opened);
        Collections.shuffle(shuffled, random);
        List<byte[]> picked = new ArrayList<>(shuffled.subList(0, (int) count));
        Plain.wipe(shuffled.subList((int) count, shuffled.size()));
        return picked;
    }
}
