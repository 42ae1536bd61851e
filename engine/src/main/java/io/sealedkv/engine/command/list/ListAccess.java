package io.sealedkv.engine.command.list;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.list.EdgeJob;
import io.sealedkv.engine.types.list.ListBlock;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.PoppedReader;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The list operations the commands share, each under the keyspace lock: popping from an edge, pushing
 * sealed segments, moving one element to another list. Crypto here is limited to what must be atomic
 * with the change (unpacking an edge node for a pop, packing a run of singles, resealing a moved element
 * for its new list, rewriting a small list's block: {@link SmallLists}); opening what was popped is left to
 * the reply, after the lock, except for a small list's elements, which come out of its block open (LPOP and
 * RPOP alone rewrite that block without the lock instead: {@link #commitSmallPop}).
 */
final class ListAccess {
    static final byte[] LPOP = Text.bytes("LPOP");
    static final byte[] RPOP = Text.bytes("RPOP");
    /** Singles at an edge past which a push packs them itself, under the lock, instead of leaving it to a job. */
    private static final int LAGGING = 4 * SealedList.EDGE_RUN;

    private ListAccess() {
    }

    static NodeFill fill(CommandContext c) {
        return NodeFill.of(c.server().config().longValue("list-max-listpack-size"));
    }

    /**
     * The entry at {@code key} for a command that looked it up for writing already and now commits what it
     * made from it: as {@link Keyspace#lookupWrite}, but not counted as another access (LRU clock and LFU
     * counter), since Redis counts one per command (review-23 F1).
     */
    static Entry lookupAgain(Keyspace keyspace, Database db, byte[] key) {
        return keyspace.lookup(db, key, Keyspace.NO_STATS | Keyspace.NO_TOUCH);
    }

    /** The list at a live entry, WRONGTYPE for another type, null for no entry. */
    static SealedList list(Entry entry) {
        return entry == null ? null : Values.collection(entry, SealedList.class);
    }

    /**
     * Takes up to {@code count} elements off the head (or tail) of a live list, for a reply written by this
     * command; deletes the key it empties. Fires the keyspace notifications: lpop or rpop, then del when emptied.
     */
    static Popped pop(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, Entry entry, boolean head,
                      long count) {
        Popped popped = take(keyspace, codec, fill, db, entry, head, count, false, false);
        notifyPopped(keyspace, db, entry, head);
        return popped;
    }

    /**
     * {@link #pop} for a reply written later, on another thread (a blocked client served): elements a small
     * list's block gave up open are sealed again, so no plaintext waits for that reply.
     */
    static Popped popSealed(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, Entry entry,
                            boolean head, long count) {
        Popped popped = take(keyspace, codec, fill, db, entry, head, count, false, true);
        notifyPopped(keyspace, db, entry, head);
        return popped;
    }

    /** The notifications of a pop from {@code entry}: lpop or rpop, then del if the pop emptied it. */
    static void notifyPopped(Keyspace keyspace, Database db, Entry entry, boolean head) {
        keyspace.events().fire(KeyspaceEvents.LIST, head ? "lpop" : "rpop", db.index(), entry.key());
        if (list(entry).size() == 0) {
            keyspace.events().fire(KeyspaceEvents.GENERIC, "del", db.index(), entry.key());
        }
    }

    /**
     * Under the lock, applies a pop of a small list made outside it, if the list at {@code entry} (or null) is
     * still the one it was made from, unchanged; false, changing nothing, when it is not.
     */
    static boolean commitSmallPop(Keyspace keyspace, Database db, Entry entry, SmallLists.Change change,
                                  boolean head) {
        if (entry == null || !change.holds(entry.value() instanceof SealedList list ? list : null)) {
            return false;
        }
        keyspace.writes().modifying(db, entry);
        change.apply();
        popped(keyspace, db, entry, head, false);
        notifyPopped(keyspace, db, entry, head);
        return true;
    }

    /**
     * The pop itself; {@code keepEmpty} leaves an emptied list in place (LMOVE onto the same key), and
     * {@code sealedReply} seals again what a small list gives up open.
     */
    private static Popped take(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, Entry entry,
                               boolean head, long count, boolean moving, boolean sealedReply) {
        SealedList list = list(entry);
        if (moving) {
            keyspace.writes().reencoding(db, entry);
        } else {
            keyspace.writes().modifying(db, entry);
        }
        ElementSealer sealer = ElementSealer.of(codec, list);
        long remaining = Math.min(count, list.size());
        byte[][] opened = SmallLists.pop(list, sealer, head, (int) remaining);
        if (opened != null) {
            popped(keyspace, db, entry, head, moving);
            return sealedReply ? new Popped(entry.key().clone(), sealer, sealedEach(sealer, opened), head)
                    : new Popped(entry.key().clone(), sealer, opened, head);
        }
        List<Object> taken = new ArrayList<>();
        while (remaining > 0) {
            Object edge = list.segment(head ? 0 : list.segmentCount() - 1);
            int n = SealedList.countOf(edge);
            if (n > remaining || (n == 1 && edge instanceof ListNode)) {
                // a node left with one element (a slice) is taken as the single it then becomes
                ListPacker.unpackEdge(list, sealer, fill, head);
                continue;
            }
            taken.add(head ? list.removeFirst() : list.removeLast());
            remaining -= n;
        }
        popped(keyspace, db, entry, head, moving);
        return new Popped(entry.key().clone(), sealer, taken, head);
    }

    /**
     * After a pop from the list at {@code entry}: notes it, and deletes the key it emptied unless {@code moving}
     * (a move signals its source, and deletes it, after its destination: {@link #sourceMoved}).
     */
    private static void popped(Keyspace keyspace, Database db, Entry entry, boolean head, boolean moving) {
        SealedList list = list(entry);
        list.notePop(head);
        if (list.size() == 0 && !moving) {
            keyspace.writes().remove(db, entry);
        }
    }

    /** Each of {@code opened} sealed alone, in the same order; wipes them. */
    private static List<Object> sealedEach(ElementSealer sealer, byte[][] opened) {
        try {
            List<Object> sealed = new ArrayList<>(opened.length);
            for (byte[] element : opened) {
                sealed.add(sealer.seal(element));
            }
            return sealed;
        } finally {
            ListBlock.wipe(opened);
        }
    }

    /** Adds segments (in list order) at the head or tail, then packs the singles there if they grew many. */
    static void push(SealedList list, List<Object> segments, boolean head, ElementSealer sealer, NodeFill fill) {
        add(list, segments, head, sealer, fill);
        ListPacker.packEdge(list, sealer, fill, head);
    }

    /** Adds the segments at the edge, sealing a slice left there again first ({@link ListPacker#resealEdgeSlice}). */
    private static void add(SealedList list, List<Object> segments, boolean head, ElementSealer sealer, NodeFill fill) {
        ListPacker.resealEdgeSlice(list, sealer, fill, head);
        if (head) {
            for (int i = segments.size() - 1; i >= 0; i--) {
                list.addFirst(segments.get(i));
            }
        } else {
            segments.forEach(list::addLast);
        }
    }

    /**
     * {@link #push} for a command that can finish the work after its reply: the singles at the edge are
     * packed by the returned job ({@link #finish}) rather than under this lock, unless earlier jobs
     * lagged so far behind that {@value #LAGGING} singles piled up there. Null when nothing is due.
     */
    static EdgeJob pushDeferred(SealedList list, List<Object> segments, boolean head, ElementSealer sealer,
                                NodeFill fill) {
        add(list, segments, head, sealer, fill);
        if (list.edgeRun(head) >= LAGGING) {
            ListPacker.packEdge(list, sealer, fill, head);
            return null;
        }
        return EdgeJob.packing(list, fill, head);
    }

    /**
     * Adds the segments a run of pushes sealed together (in list order) at the head or tail; returns the
     * job that merges the nodes now at that edge ({@link EdgeJob#merging}), or, when the outermost is a
     * single (one element alone, too large for a node with others), {@link #pushDeferred}'s. Null when none.
     */
    static EdgeJob pushNodes(SealedList list, List<Object> segments, boolean head, ElementSealer sealer,
                             NodeFill fill) {
        if (segments.isEmpty()) {
            return null;
        }
        if (segments.get(head ? 0 : segments.size() - 1) instanceof byte[]) {
            return pushDeferred(list, segments, head, sealer, fill);
        }
        add(list, segments, head, sealer, fill);
        return EdgeJob.merging(list, fill, head);
    }

    /**
     * Runs a job claimed under an earlier lock: its crypto without the lock, then its commit under a
     * short one if the list at {@code key} is still the job's and unchanged where the job works. The
     * elements stay the same, so WATCH, notifications and propagation see nothing.
     */
    static void finish(CommandContext c, byte[] key, EdgeJob job) {
        finish(c, key, job, null);
    }

    /** {@link #finish}, for a job that may take its plaintext from the block {@code opened} (or null) holds open. */
    static void finish(CommandContext c, byte[] key, EdgeJob job, PoppedReader opened) {
        if (job == null) {
            return;
        }
        try {
            job.prepare(ElementSealer.of(c.codec(), job.list()), fill(c), opened);
        } finally {
            try (var lock = c.lock()) {
                Database db = c.db();
                Entry entry = c.keyspace().lookup(db, key, Keyspace.NO_STATS | Keyspace.NO_TOUCH);
                if (entry != null && entry.value() == job.list() && job.applies()) {
                    c.keyspace().writes().reencoding(db, entry);
                    job.commit();
                }
                job.release();
            }
        }
    }

    /**
     * LMOVE's step under the lock: pops one element off {@code source} and pushes it onto {@code destination}
     * (resealed for that list, or for a new one; into its block when it is small). Null when the source is
     * missing; WRONGTYPE when either key holds another type (checked before anything changes). The result
     * holds the element for the reply (sealed, with {@code sealedReply}, for a reply written later on another
     * thread). Fires the push notification of the destination, then the pop ones of the source, as Redis.
     */
    static Moved move(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, byte[] source,
                      byte[] destination, boolean fromHead, boolean toHead, boolean sealedReply) {
        Entry from = keyspace.lookupWrite(db, source);
        if (from == null) {
            return null;
        }
        list(from);
        Entry to = keyspace.lookupWrite(db, destination);
        list(to);
        Popped popped = take(keyspace, codec, fill, db, from, fromHead, 1, true, false);
        byte[] element = popped.opened() == null ? (byte[]) popped.segments().get(0) : null;
        byte[] plaintext = popped.opened() == null ? null : popped.opened()[0];
        try {
            to = lookupAgain(keyspace, db, destination);
            SealedList target = list(to);
            ElementSealer sealer = target == null ? ElementSealer.forNew(codec) : ElementSealer.of(codec, target);
            if (target != null && SmallLists.takesPushes(target, List.of())) {
                keyspace.writes().modifying(db, to);
                if (plaintext == null) {
                    plaintext = popped.sealer().open(element);
                }
                try {
                    if (SmallLists.push(target, sealer, List.of(plaintext), toHead, fill)) {
                        keyspace.events().fire(KeyspaceEvents.LIST, toHead ? "lpush" : "rpush", db.index(),
                                destination);
                        notifyPopped(keyspace, db, from, fromHead);
                        Moved moved = Moved.of(sealer, null, plaintext, sealedReply);
                        plaintext = null;
                        return moved;
                    }
                } catch (SealingException e) {
                    // the destination's block does not open (its key version destroyed): it is unchanged, and the
                    // element, already off the source, goes on as a segment, as it would onto a list in segments
                }
            }
            byte[] sealed = element;
            if (element == null || target == null || !target.identity().equals(popped.sealer().identity())) {
                if (plaintext == null) {
                    plaintext = popped.sealer().open(element);
                }
                sealed = sealer.seal(plaintext);
            }
            if (target == null) {
                target = new SealedList(sealer.identity());
                keyspace.writes().set(db, destination, target, false);
            } else {
                keyspace.writes().modifying(db, to);
            }
            push(target, List.of(sealed), toHead, sealer, fill);
            keyspace.events().fire(KeyspaceEvents.LIST, toHead ? "lpush" : "rpush", db.index(), destination);
            notifyPopped(keyspace, db, from, fromHead);
            Moved moved = Moved.of(sealer, sealed, plaintext, sealedReply);
            plaintext = null;
            return moved;
        } finally {
            sourceMoved(keyspace, db, from);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /**
     * Signals the source of a move once its destination was (tracking's invalidations come in Redis's order,
     * destination first), and deletes the key if the move emptied it (never when it is also the destination).
     */
    private static void sourceMoved(Keyspace keyspace, Database db, Entry from) {
        keyspace.writes().modified(db, from);
        if (list(from).size() == 0) {
            keyspace.writes().remove(db, from);
        }
    }

    /** An element moved by LMOVE, for the reply: open (the reply wipes it), or sealed for its new list. */
    record Moved(ElementSealer sealer, byte[] sealed, byte[] opened) {
        /**
         * The reply of an element, given {@code sealed} for {@code sealer}'s list or null, and {@code plaintext}
         * (ours, handed over) or null.
         */
        static Moved of(ElementSealer sealer, byte[] sealed, byte[] plaintext, boolean sealedReply) {
            if (plaintext == null) {
                return new Moved(sealer, sealed, null);
            }
            if (!sealedReply) {
                return new Moved(sealer, null, plaintext);
            }
            try {
                return new Moved(sealer, sealed != null ? sealed : sealer.seal(plaintext), null);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }

        void write(CommandContext c) {
            byte[] plaintext = opened != null ? opened : sealer.open(sealed);
            try {
                c.reply().bulk(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }
}
