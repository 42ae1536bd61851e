package io.sealedkv.engine.types.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.List;

/**
 * Packing or unpacking at one edge of a {@link SealedList} with its crypto outside the keyspace lock.
 * {@link #packing} or {@link #unpacking} claims the edge and takes the segments to rework (under the
 * lock); {@link #prepare} opens them and seals their replacement (without the lock); {@link #commit}
 * puts the replacement in place (under the lock) only if the very same segments are still where they
 * were ({@link #applies}), so pushes and pops that ran meanwhile are kept and a job that lost a race
 * changes nothing; {@link #release} gives the edge back (under the lock). Only the encoding changes,
 * never the elements. A small list (one block rewritten in place, {@link SealedList#small}) has no edges
 * to rework.
 */
public final class EdgeJob {
    /** An unpack is claimed when the singles left at an edge fall below this many. */
    static final int UNPACK_BELOW = SealedList.EDGE_RUN / 2;
    /** Singles a read leaves at an edge that was ever popped, when it packs the others. */
    static final int READ_KEEP = 8;
    /** Singles (beyond those kept) at an edge from which a read packs them. */
    static final int READ_DUE = 16;

    private final SealedList list;
    private final boolean atHead;
    private final boolean pack;
    private final long mark;
    private final Object[] segments;
    private List<Object> replacement;

    private EdgeJob(SealedList list, boolean atHead, boolean pack, int from, int to) {
        this.list = list;
        this.atHead = atHead;
        this.pack = pack;
        this.mark = list.mark(from);
        this.segments = ListPacker.segments(list, from, to);
    }

    /**
     * The packing of the singles at the head (or tail) once they are at least twice
     * {@link SealedList#EDGE_RUN} ({@link ListPacker#packRange}); null when not due or the edge is claimed.
     */
    public static EdgeJob packing(SealedList list, NodeFill fill, boolean atHead) {
        return packingOf(list, atHead, ListPacker.packRange(list, fill, atHead));
    }

    /**
     * The packing, after a read opened them, of the singles at the head (or tail), once {@value #READ_DUE}
     * are there beyond those it keeps: a list read often but pushed to seldom is then read from nodes,
     * one open each, rather than one open per element. It keeps the {@value #READ_KEEP} outermost at an
     * edge that was ever popped (so the next pops still find singles there and the node beyond is
     * unpacked ahead of them), none at an edge never popped (a read then opens only nodes, and a first
     * pop there splits the edge node under its lock). Null when not due or the edge is claimed.
     */
    public static EdgeJob packingForReads(SealedList list, NodeFill fill, boolean atHead) {
        int keep = list.popped(atHead) ? READ_KEEP : 0;
        return packingOf(list, atHead, ListPacker.packRange(list, fill, atHead, keep, keep + READ_DUE));
    }

    /**
     * The merging of the small nodes (under half of {@code fill} each) at the head (or tail), from the edge
     * in, once together they make a node at least half full and still fit one: the nodes a pipelined run
     * of pushes seals there (one per run) become nodes as full as packing singles makes them, so pops and
     * reads later open no more nodes than after pushes one by one, and each element is merged once. Null
     * when not due, or the edge is claimed.
     */
    public static EdgeJob merging(SealedList list, NodeFill fill, boolean atHead) {
        int n = list.segmentCount();
        int merged = 0;
        long count = 0;
        long bytes = 0;
        while (merged < n && list.segment(atHead ? merged : n - 1 - merged) instanceof ListNode node
                && small(node, fill) && count + node.count() <= fill.maxEntries()
                && bytes + node.plainBytes() <= fill.maxBytes()) {
            count += node.count();
            bytes += node.plainBytes();
            merged++;
        }
        if (merged < 2 || (2 * count < fill.maxEntries() && 2 * bytes < fill.maxBytes())) {
            return null;
        }
        return packingOf(list, atHead, atHead ? new int[] {0, merged} : new int[] {n - merged, n});
    }

    /**
     * The sealing again of the slice a run of pops left at the head (or tail) ({@link SealedList#popElement}),
     * with only the elements still in the list, so the elements popped off it do not outlive the run in the
     * list's sealed bytes (nor in a snapshot or DUMP taken later). Null when the edge is not a slice or is
     * claimed.
     */
    public static EdgeJob resealing(SealedList list, boolean atHead) {
        int n = list.segmentCount();
        int at = atHead ? 0 : n - 1;
        if (n == 0 || !(list.segment(at) instanceof ListNode node) || !node.sliced()) {
            return null;
        }
        return packingOf(list, atHead, new int[] {at, at + 1});
    }

    private static boolean small(ListNode node, NodeFill fill) {
        return 2L * node.count() < fill.maxEntries() && 2L * node.plainBytes() < fill.maxBytes();
    }

    /** The packing of {@code range} ({@link ListPacker#packRange}), claiming the edge; null when none is due or claimable. */
    private static EdgeJob packingOf(SealedList list, boolean atHead, int[] range) {
        if (range == null || list.small() || !list.claim(atHead)) {
            return null;
        }
        return new EdgeJob(list, atHead, true, range[0], range[1]);
    }

    /**
     * The unpacking of the node nearest the head (or tail) once fewer than {@value #UNPACK_BELOW} singles
     * are left before it, so pops find singles there; null when not due or the edge is claimed.
     */
    public static EdgeJob unpacking(SealedList list, boolean atHead) {
        int run = list.edgeRun(atHead);
        if (list.small() || run >= UNPACK_BELOW || run == list.segmentCount() || !list.claim(atHead)) {
            return null;
        }
        int at = atHead ? run : list.segmentCount() - 1 - run;
        return new EdgeJob(list, atHead, false, at, at + 1);
    }

    public SealedList list() {
        return list;
    }

    /** Opens the claimed segments and seals their new encoding; no lock needed, plaintexts wiped. */
    public void prepare(ElementCrypto crypto, NodeFill fill) {
        replacement = pack ? ListPacker.packed(crypto, fill, segments)
                : ListPacker.unpacked(crypto, fill, segments[0], atHead);
    }

    /**
     * {@link #prepare}, taking the elements of a slice to seal again from the block {@code opened} (or null)
     * holds open when it is that slice's (the replies of the run that left it just read it), else opening it.
     */
    public void prepare(ElementCrypto crypto, NodeFill fill, PoppedReader opened) {
        List<Object> resealed = pack && opened != null ? opened.resealed(segments, crypto) : null;
        if (resealed == null) {
            prepare(crypto, fill);
        } else {
            replacement = resealed;
        }
    }

    /** True when the job is prepared and the claimed segments are still in place, in order; under the lock. */
    public boolean applies() {
        if (replacement == null) {
            return false;
        }
        long from = list.position(mark);
        if (from < 0 || from + segments.length > list.segmentCount()) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (list.segment((int) from + i) != segments[i]) {
                return false;
            }
        }
        return true;
    }

    /** Replaces the claimed segments with the prepared ones; under the lock, once {@link #applies()}. */
    public void commit() {
        int from = (int) list.position(mark);
        list.splice(from, from + segments.length, replacement);
    }

    /** Gives the edge back for the next job; under the lock, whether or not the job was committed. */
    public void release() {
        list.release(atHead);
    }
}
