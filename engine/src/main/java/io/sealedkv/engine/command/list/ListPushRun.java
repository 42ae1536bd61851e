package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.list.EdgeJob;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run of LPUSHes and RPUSHes. Consecutive pushes to one key form a group whose elements are sealed
 * before the lock as nodes, one seal for the whole group rather than one per element (and no single
 * for a later packing job to open again), for the list this thread pushed to last
 * ({@link ListCommands#recent}). Under the hold, the group's first push checks that the key still
 * holds that list and adds the nodes at both edges at once; each push of the group then counts as its
 * own change (modifying, notification, propagation of its own arguments) and answers the length the
 * list had after it. Head and tail pushes of one group commute, so the list ends as one by one.
 * No client can be blocked on that key meanwhile (BLPOP and the like wait only while the key holds no
 * list), so none is served between the pushes of a group. A group whose list changed since (deleted,
 * replaced, moved by SWAPDB) pushes one by one under the hold, sealing there. A run starts only at a
 * push to the list this thread pushed to last (else that push runs alone).
 */
public final class ListPushRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final boolean[] heads;
    private final byte[][][] elements;
    /** The first command of each command's group. */
    private final int[] groups;
    /** Per group (at its first command): the list it was sealed for, its sealer and its nodes. */
    private final SealedList[] seen;
    private final ElementSealer[] sealers;
    private final Object[] headSegments;
    private final Object[] tailSegments;
    /** Per group, under the hold: the list its nodes went into, null when it pushes one by one. */
    private final SealedList[] applied;
    private final long[] lengths;
    private final EdgeJob[] headJobs;
    private final EdgeJob[] tailJobs;
    /** The last command accepted into the run being formed, -1 between runs. */
    private int last = -1;
    private long length;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public ListPushRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        heads = new boolean[capacity];
        elements = new byte[capacity][][];
        groups = new int[capacity];
        seen = new SealedList[capacity];
        sealers = new ElementSealer[capacity];
        headSegments = new Object[capacity];
        tailSegments = new Object[capacity];
        applied = new SealedList[capacity];
        lengths = new long[capacity];
        headJobs = new EdgeJob[capacity];
        tailJobs = new EdgeJob[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length >= 3 && (spec.name().equals("lpush") || spec.name().equals("rpush"));
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        byte[] key = c.arg(1);
        if (last >= 0 && last == i - 1 && Arrays.equals(keys[last], key)) {
            groups[i] = groups[last];
        } else {
            SealedList recent = ListCommands.recent(c, key);
            if (recent == null) {
                last = -1;
                return false;
            }
            groups[i] = i;
            seen[i] = recent;
            sealers[i] = null;
            applied[i] = null;
        }
        keys[i] = key;
        hashes[i] = hash;
        heads[i] = c.spec().name().equals("lpush");
        byte[][] pushed = new byte[c.argc() - 2][];
        for (int j = 0; j < pushed.length; j++) {
            pushed[j] = c.arg(j + 2);
        }
        elements[i] = pushed;
        last = i;
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        last = -1;
        NodeFill fill = ListAccess.fill(c);
        for (int g = from; g < end; g++) {
            if (groups[g] != g) {
                continue;
            }
            int to = g + 1;
            while (to < end && groups[to] == g) {
                to++;
            }
            ElementSealer sealer = ElementSealer.of(c.codec(), seen[g]);
            try {
                headSegments[g] = ListPacker.seal(sealer, inListOrder(g, to, true), fill, true);
                tailSegments[g] = ListPacker.seal(sealer, inListOrder(g, to, false), fill, true);
                sealers[g] = sealer;
            } catch (RuntimeException e) {
                // An element the codec refuses: one by one, only its own push fails.
                headSegments[g] = null;
                tailSegments[g] = null;
            }
        }
    }

    /** The elements the group's head (or tail) pushes add, in the order they end up in the list. */
    private List<byte[]> inListOrder(int from, int to, boolean head) {
        List<byte[]> ordered = new ArrayList<>();
        if (head) {
            for (int i = to - 1; i >= from; i--) {
                if (heads[i]) {
                    for (int j = elements[i].length - 1; j >= 0; j--) {
                        ordered.add(elements[i][j]);
                    }
                }
            }
        } else {
            for (int i = from; i < to; i++) {
                if (!heads[i]) {
                    ordered.addAll(Arrays.asList(elements[i]));
                }
            }
        }
        return ordered;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void commit(CommandContext c, int i) {
        int g = groups[i];
        byte[] key = keys[i];
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key, hashes[i]);
            SealedList list = ListAccess.list(entry);
            if (i == g) {
                applied[g] = null;
                if (sealers[g] != null && list == seen[g]) {
                    c.keyspace().writes().modifying(db, entry);
                    length = list.size();
                    NodeFill fill = ListAccess.fill(c);
                    headJobs[g] = ListAccess.pushNodes(list, (List<Object>) headSegments[g], true, sealers[g], fill);
                    tailJobs[g] = ListAccess.pushNodes(list, (List<Object>) tailSegments[g], false, sealers[g], fill);
                    applied[g] = list;
                    headSegments[g] = null;
                    tailSegments[g] = null;
                }
            } else if (applied[g] != null) {
                if (list != applied[g]) {
                    // nothing else runs during the hold and its time stands still (Keyspace.now): no expiry
                    throw new IllegalStateException("a list changed inside a run of pushes");
                }
                c.keyspace().writes().modifying(db, entry);
            }
            if (applied[g] != null) {
                length += elements[i].length;
                lengths[i] = length;
            } else {
                list = pushAlone(c, db, entry, list, i);
            }
            c.notifyEvent(KeyspaceEvents.LIST, heads[i] ? "lpush" : "rpush", key);
            ListCommands.remember(db, key, list);
        }
    }

    /** Command {@code i} as the push alone would make it, sealing under the hold; the list pushed to. */
    private SealedList pushAlone(CommandContext c, Database db, Entry entry, SealedList list, int i) {
        boolean head = heads[i];
        List<byte[]> pushed = inListOrder(i, i + 1, head);
        ElementSealer sealer = list == null ? ElementSealer.forNew(c.codec()) : ElementSealer.of(c.codec(), list);
        NodeFill fill = ListAccess.fill(c);
        List<Object> segments = ListPacker.seal(sealer, pushed, fill, pushed.size() >= SealedList.EDGE_RUN);
        if (list == null) {
            list = new SealedList(sealer.identity());
            c.keyspace().writes().set(db, keys[i], list, false);
        } else {
            c.keyspace().writes().modifying(db, entry);
        }
        EdgeJob job = ListAccess.pushDeferred(list, segments, head, sealer, fill);
        if (head) {
            headJobs[i] = job;
        } else {
            tailJobs[i] = job;
        }
        lengths[i] = list.size();
        return list;
    }

    @Override
    public void reply(CommandContext c, int i) {
        long replied = lengths[i];
        byte[] key = keys[i];
        EdgeJob head = headJobs[i];
        EdgeJob tail = tailJobs[i];
        forget(i);
        c.reply().integer(replied);
        ListAccess.finish(c, key, head);
        ListAccess.finish(c, key, tail);
    }

    @Override
    public void forget(int i) {
        keys[i] = null;
        elements[i] = null;
        seen[i] = null;
        sealers[i] = null;
        headSegments[i] = null;
        tailSegments[i] = null;
        applied[i] = null;
        headJobs[i] = null;
        tailJobs[i] = null;
    }
}
