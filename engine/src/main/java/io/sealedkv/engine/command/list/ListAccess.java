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
 * the reply, after the lock.
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

    /** The list at a live entry, WRONGTYPE for another type, null for no entry. */
    static SealedList list(Entry entry) {
        return entry == null ? null : Values.collection(entry, SealedList.class);
    }

    /**
     * Takes up to {@code count} elements off the head (or tail) of a live list; deletes the key it empties.
     * Fires the keyspace notifications: lpop or rpop, then del when emptied.
     */
    static Popped pop(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, Entry entry, boolean head,
                      long count) {
        Popped popped = take(keyspace, codec, fill, db, entry, head, count, false);
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

    /** The pop itself; {@code keepEmpty} leaves an emptied list in place (LMOVE onto the same key). */
    private static Popped take(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, Entry entry,
                               boolean head, long count, boolean keepEmpty) {
        SealedList list = list(entry);
        keyspace.writes().modifying(db, entry);
        ElementSealer sealer = ElementSealer.of(codec, list);
        long remaining = Math.min(count, list.size());
        List<Object> taken = SmallLists.pop(list, sealer, head, (int) remaining);
        if (taken != null) {
            remaining = 0;
        } else {
            taken = new ArrayList<>();
        }
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
        list.notePop(head);
        if (list.size() == 0 && !keepEmpty) {
            keyspace.writes().remove(db, entry);
        }
        return new Popped(entry.key().clone(), sealer, taken, head);
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
     * opens the element for the reply. Fires the push notification of the destination, then the pop ones of
     * the source, as Redis.
     */
    static Moved move(Keyspace keyspace, ValueCodec codec, NodeFill fill, Database db, byte[] source,
                      byte[] destination, boolean fromHead, boolean toHead) {
        Entry from = keyspace.lookupWrite(db, source);
        if (from == null) {
            return null;
        }
        list(from);
        Entry to = keyspace.lookupWrite(db, destination);
        list(to);
        Popped popped = take(keyspace, codec, fill, db, from, fromHead, 1, Arrays.equals(source, destination));
        byte[] element = (byte[]) popped.segments().get(0);
        to = keyspace.lookupWrite(db, destination);
        SealedList target = list(to);
        ElementSealer sealer = target == null ? ElementSealer.forNew(codec) : ElementSealer.of(codec, target);
        if (target != null && SmallLists.takesPushes(target, List.of())) {
            keyspace.writes().modifying(db, to);
            byte[] plaintext = popped.sealer().open(element);
            try {
                if (SmallLists.push(target, sealer, List.of(plaintext), toHead, fill)) {
                    keyspace.events().fire(KeyspaceEvents.LIST, toHead ? "lpush" : "rpush", db.index(), destination);
                    notifyPopped(keyspace, db, from, fromHead);
                    return new Moved(popped.sealer(), element);
                }
            } catch (SealingException e) {
                // the destination's block does not open (its key version destroyed): it is unchanged, and the
                // element, already off the source, goes on as a segment, as it would onto a list in segments
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        byte[] sealed = element;
        if (target == null || !target.identity().equals(popped.sealer().identity())) {
            byte[] plaintext = popped.sealer().open(element);
            try {
                sealed = sealer.seal(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
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
        return new Moved(sealer, sealed);
    }

    /** An element moved by LMOVE, sealed for its new list. */
    record Moved(ElementSealer sealer, byte[] sealed) {
        void write(CommandContext c) {
            byte[] plaintext = sealer.open(sealed);
            c.reply().bulk(plaintext);
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
