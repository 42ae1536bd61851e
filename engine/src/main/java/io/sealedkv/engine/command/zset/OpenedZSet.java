package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.zset.Pairs;
import io.sealedkv.engine.types.zset.SortedView;
import io.sealedkv.engine.types.zset.TreeView;
import io.sealedkv.engine.types.zset.ZItem;
import io.sealedkv.engine.types.zset.ZSetValue;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.Arrays;

/**
 * One sorted set as one command works on it: its {@link SortedView}, the sealer of its identity (to
 * open the sealed members of items after the lock) and, for a listpack set, the opened pairs, wiped by
 * {@link #close()} once the reply is written.
 *
 * <p>Reads: {@link #forRead} under the lock; a skiplist is queried there, a listpack's block is
 * opened by {@link #view()} after the lock. Writes: {@link #forWrite} and {@link #commit} under the
 * lock: a listpack's block is opened, changed and sealed again there; a skiplist is changed in place,
 * announced to the write path before its first change.
 */
final class OpenedZSet implements AutoCloseable {
    private final ElementSealer sealer;
    private final ZSetValue value;
    private final byte[] block;
    private SortedView view;
    private Pairs pairs;
    private int insertedMaxLength = -1;

    private OpenedZSet(ElementSealer sealer, ZSetValue value, byte[] block, SortedView view, Pairs pairs) {
        this.sealer = sealer;
        this.value = value;
        this.block = block;
        this.view = view;
        this.pairs = pairs;
    }

    /** The sorted set of a live entry for reading, under the lock; WRONGTYPE for another type. */
    static OpenedZSet forRead(CommandContext c, Entry entry) {
        ZSetValue z = Values.collection(entry, ZSetValue.class);
        ElementSealer sealer = ElementSealer.of(c.codec(), z);
        if (z.isListpack()) {
            return new OpenedZSet(sealer, z, z.block(), null, null);
        }
        return new OpenedZSet(sealer, z, null, new TreeView(z.tree(), sealer), null);
    }

    /** The tree of a skiplist set (read under the lock). */
    ZTree tree() {
        return value.tree();
    }

    /** True when the view can be used while the lock is held without opening anything (a skiplist). */
    boolean isTree() {
        return block == null && pairs == null;
    }

    /**
     * The sorted set (or a new empty one, when {@code entry} is null) for changing, under the lock.
     * A new set starts as a listpack when {@code sizeHint} members of up to {@code lengthHint} bytes fit
     * the listpack limits, as Redis decides from the command's arguments.
     */
    static OpenedZSet forWrite(CommandContext c, Database db, Entry entry, long sizeHint, long lengthHint) {
        return forWrite(c, db, entry, sizeHint, lengthHint, null);
    }

    /** As above; a skiplist set's view takes its members' tokens from {@code tokens} when given. */
    static OpenedZSet forWrite(CommandContext c, Database db, Entry entry, long sizeHint, long lengthHint,
                               Pretokened tokens) {
        if (entry == null) {
            ElementSealer sealer = ElementSealer.forNew(c.codec());
            if (fitsListpack(c, sizeHint, lengthHint)) {
                Pairs created = new Pairs(4);
                return new OpenedZSet(sealer, null, null, created, created);
            }
            return new OpenedZSet(sealer, null, null, new TreeView(new ZTree(), sealer), null);
        }
        ZSetValue z = Values.collection(entry, ZSetValue.class);
        ElementSealer sealer = ElementSealer.of(c.codec(), z);
        if (z.isListpack()) {
            Pairs opened = open(sealer, z.block());
            return new OpenedZSet(sealer, z, null, opened, opened);
        }
        Runnable announce = () -> c.keyspace().writes().modifying(db, entry);
        return new OpenedZSet(sealer, z, null, new TreeView(z.tree(), tokens != null ? tokens : sealer, announce), null);
    }

    /**
     * A listpack set opened without the lock from the {@code block} read under it (or, when
     * {@code value} is null, a new empty listpack set), for a change that is sealed outside the lock
     * with {@link #prepare} and stored under it with {@link #apply}.
     */
    static OpenedZSet detached(ElementSealer sealer, ZSetValue value, byte[] block) {
        Pairs opened = block == null ? new Pairs(4) : open(sealer, block);
        return new OpenedZSet(sealer, value, null, opened, opened);
    }

    /** What {@link #prepare} returns when the change emptied the set. */
    static final Object DELETE = new Object();

    /**
     * Seals the result of a change to a detached set, outside the lock: null when nothing changed,
     * {@link #DELETE}, the new sealed block, or the {@link ZTree} it became.
     */
    Object prepare(CommandContext c) {
        if (!pairs.modified()) {
            return null;
        }
        if (pairs.size() == 0) {
            return DELETE;
        }
        if (insertedMaxLength >= 0 && !fitsListpack(c, pairs.size(), insertedMaxLength)) {
            return ZSetValue.treeOf(pairs, sealer);
        }
        return sealPairs();
    }

    /**
     * Stores what {@link #prepare} made, under the lock, at the entry it was read from (null: a new key);
     * a change fires the sorted set notification {@code event} (then del when the set is gone).
     */
    void apply(CommandContext c, Database db, byte[] key, Entry entry, Object prepared, String event) {
        if (prepared == null) {
            return;
        }
        if (prepared == DELETE) {
            if (entry != null) {
                c.keyspace().writes().remove(db, entry);
                notifyChanged(c, db, key, event, true);
            }
            return;
        }
        notifyChanged(c, db, key, event, false);
        if (entry == null) {
            ZSetValue created = prepared instanceof ZTree tree ? ZSetValue.skiplist(sealer.identity(), tree)
                    : ZSetValue.listpack(sealer.identity(), (byte[]) prepared, pairs.size());
            c.keyspace().writes().set(db, key, created, false);
            return;
        }
        c.keyspace().writes().modifying(db, entry);
        if (prepared instanceof ZTree tree) {
            value.convert(tree);
        } else {
            value.setBlock((byte[]) prepared, pairs.size());
        }
    }

    static boolean fitsListpack(CommandContext c, long size, long maxLength) {
        return size <= c.server().config().longValue("zset-max-listpack-entries")
                && maxLength <= c.server().config().longValue("zset-max-listpack-value");
    }

    private static Pairs open(ElementSealer sealer, byte[] sealed) {
        byte[] plaintext = sealer.open(sealed);
        try {
            return Pairs.decode(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The view; a listpack read opens its block here, after the lock. */
    SortedView view() {
        if (view == null) {
            pairs = open(sealer, block);
            view = pairs;
        }
        return view;
    }

    /**
     * Notes a member about to be added (not updated): the listpack may have to become a skiplist. As in
     * Redis's zsetAdd, a listpack this insertion takes past its limits becomes one before the member goes in,
     * so from this member on scores are kept as a skiplist keeps them (negative zero too).
     */
    void inserting(CommandContext c, byte[] member) {
        insertedMaxLength = Math.max(insertedMaxLength, member.length);
        if (pairs != null && !fitsListpack(c, pairs.size() + 1L, member.length)) {
            pairs.keepGivenScores();
        }
    }

    /**
     * Stores the result of a write under the lock: an emptied set deletes the key; a new set is stored;
     * a changed listpack is sealed again, or becomes a skiplist when an insertion took it past the
     * listpack limits. Returns true when the key changed; a change fires the sorted set notification
     * {@code event} (then del when the set is gone).
     */
    boolean commit(CommandContext c, Database db, byte[] key, Entry entry, String event) {
        boolean changed = pairs != null ? pairs.modified() : ((TreeView) view).modified();
        if (!changed) {
            return false;
        }
        if (view.size() == 0) {
            if (entry != null) {
                c.keyspace().writes().remove(db, entry);
                notifyChanged(c, db, key, event, true);
            }
            return true;
        }
        notifyChanged(c, db, key, event, false);
        boolean convert = pairs != null && insertedMaxLength >= 0
                && !fitsListpack(c, pairs.size(), insertedMaxLength);
        if (entry == null) {
            ZSetValue created = pairs == null ? ZSetValue.skiplist(sealer.identity(), ((TreeView) view).tree())
                    : convert ? ZSetValue.skiplist(sealer.identity(), ZSetValue.treeOf(pairs, sealer))
                    : ZSetValue.listpack(sealer.identity(), sealPairs(), pairs.size());
            c.keyspace().writes().set(db, key, created, false);
        } else if (pairs != null) {
            c.keyspace().writes().modifying(db, entry);
            if (convert) {
                value.convert(ZSetValue.treeOf(pairs, sealer));
            } else {
                value.setBlock(sealPairs(), pairs.size());
            }
        }
        return true;
    }

    private static void notifyChanged(CommandContext c, Database db, byte[] key, String event, boolean deleted) {
        c.keyspace().events().fire(KeyspaceEvents.ZSET, event, db.index(), key);
        if (deleted) {
            c.keyspace().events().fire(KeyspaceEvents.GENERIC, "del", db.index(), key);
        }
    }

    private byte[] sealPairs() {
        byte[] plaintext = pairs.encode();
        try {
            return sealer.seal(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The member of an item in clear: opened when sealed (the caller wipes it), else the pairs' own. */
    byte[] member(ZItem item) {
        return item.sealed() ? sealer.open(item.member()) : item.member();
    }

    /** Wipes a member returned by {@link #member} if it was opened for the purpose. */
    static void release(ZItem item, byte[] member) {
        if (item.sealed()) {
            Arrays.fill(member, (byte) 0);
        }
    }

    /**
     * After a committed change: wipes the opened listpack members the set kept, leaving those handed out
     * (popped) for the reply; the set is not read again.
     */
    void wipeKept() {
        if (pairs != null) {
            pairs.wipeHeld();
        }
    }

    /** Wipes the opened pairs (and the members of items handed out from them). */
    @Override
    public void close() {
        if (pairs != null) {
            pairs.wipe();
        }
    }
}
