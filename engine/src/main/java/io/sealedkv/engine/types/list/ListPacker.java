package io.sealedkv.engine.types.list;

import io.sealedkv.engine.keyspace.ElementCrypto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The crypto side of {@link SealedList}: sealing elements into segments, opening segments, packing a run
 * of singles at an edge into a node and unpacking an edge node into singles. Plaintexts it makes are
 * wiped before it returns, except the elements {@link #open} hands to its caller.
 */
public final class ListPacker {
    private ListPacker() {
    }

    /**
     * Segments holding {@code elements} in list order: each element sealed alone, or, when {@code pack},
     * nodes as full as {@code fill} allows (a node of one element is a single).
     */
    public static List<Object> seal(ElementCrypto crypto, List<byte[]> elements, NodeFill fill, boolean pack) {
        List<Object> segments = new ArrayList<>(pack ? 4 : elements.size());
        if (elements.isEmpty()) {
            return segments;
        }
        if (!pack) {
            for (byte[] element : elements) {
                segments.add(crypto.seal(element));
            }
            return segments;
        }
        int from = 0;
        while (from < elements.size()) {
            int to = from;
            int bytes = 0;
            while (to < elements.size() && fill.admits(to - from, bytes, ListBlock.encodedSize(elements.get(to).length))) {
                bytes += ListBlock.encodedSize(elements.get(to).length);
                to++;
            }
            segments.add(segment(crypto, elements, from, to, bytes));
            from = to;
        }
        return segments;
    }

    private static Object segment(ElementCrypto crypto, List<byte[]> elements, int from, int to, int bytes) {
        if (to - from == 1) {
            return crypto.seal(elements.get(from));
        }
        byte[] block = ListBlock.encode(elements, from, to);
        try {
            return new ListNode(crypto.seal(block), to - from, bytes);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    /**
     * The elements of a segment, in list order; the caller wipes them ({@link ListBlock#wipe}). Of a slice,
     * only those still in the list are copied out of the opened block, which is wiped.
     */
    public static byte[][] open(ElementCrypto crypto, Object segment) {
        if (segment instanceof ListNode node) {
            byte[] block = crypto.open(node.sealed());
            try {
                long[] bounds = ListBlock.bounds(block, node.blockCount());
                return ListBlock.copies(block, bounds, node.first(), node.first() + node.count());
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }
        return new byte[][] {crypto.open((byte[]) segment)};
    }

    /** A sliced node sealed again by {@code to} with only the elements still in the list. */
    static Object resealed(ElementCrypto from, ElementCrypto to, ListNode node) {
        byte[][] elements = open(from, node);
        try {
            int bytes = 0;
            for (byte[] element : elements) {
                bytes += ListBlock.encodedSize(element.length);
            }
            return segment(to, Arrays.asList(elements), 0, elements.length, bytes);
        } finally {
            ListBlock.wipe(elements);
        }
    }

    /**
     * Opens a segment and hands its elements from index {@code skip} on, at most {@code max} of them, to
     * {@code sink} in list order, straight from the opened plaintext (no copy per element); returns how
     * many it handed. The plaintext is wiped before this returns, so the sink must not keep it.
     */
    public static int read(ElementCrypto crypto, Object segment, int skip, long max, ListBlock.ElementSink sink) {
        if (max <= 0) {
            return 0;
        }
        if (segment instanceof ListNode node) {
            if (skip >= node.count()) {
                return 0;
            }
            byte[] block = crypto.open(node.sealed());
            try {
                long wanted = Math.min(max, node.count() - skip);
                return ListBlock.visit(block, node.blockCount(), node.first() + skip, wanted, sink);
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }
        if (skip > 0) {
            return 0;
        }
        byte[] element = crypto.open((byte[]) segment);
        try {
            sink.accept(element, 0, element.length);
            return 1;
        } finally {
            Arrays.fill(element, (byte) 0);
        }
    }

    /**
     * Splits the node at the head (or tail) of {@code list}: its {@link SealedList#EDGE_RUN} outermost
     * elements become singles, the rest stays a node (sealed again), so a run of pops opens one node per
     * {@code EDGE_RUN} elements, not one per pop.
     */
    public static void unpackEdge(SealedList list, ElementCrypto crypto, NodeFill fill, boolean atHead) {
        int at = atHead ? 0 : list.segmentCount() - 1;
        list.splice(at, at + 1, unpacked(crypto, fill, list.segment(at), atHead));
    }

    /**
     * A node as it is split at the head (or tail) edge: its {@link SealedList#EDGE_RUN} outermost
     * elements as singles (all of them when one more would be left), the rest packed again.
     */
    static List<Object> unpacked(ElementCrypto crypto, NodeFill fill, Object node, boolean atHead) {
        byte[][] elements = open(crypto, node);
        try {
            List<byte[]> all = Arrays.asList(elements);
            int singles = elements.length <= SealedList.EDGE_RUN + 1 ? elements.length : SealedList.EDGE_RUN;
            int rest = elements.length - singles;
            List<Object> replacement = new ArrayList<>(singles + 1);
            if (!atHead) {
                replacement.addAll(seal(crypto, all.subList(0, rest), fill, true));
            }
            for (int i = atHead ? 0 : rest; i < (atHead ? singles : elements.length); i++) {
                replacement.add(crypto.seal(elements[i]));
            }
            if (atHead) {
                replacement.addAll(seal(crypto, all.subList(singles, elements.length), fill, true));
            }
            return replacement;
        } finally {
            ListBlock.wipe(elements);
        }
    }

    /**
     * Seals again, with only its live elements, a slice at the head (or tail) whose re-seal after its run of
     * pops was skipped ({@link EdgeJob#resealing}), before a push puts segments in front of it: buried in the
     * list, its block would keep the popped elements until the list is popped back to it.
     */
    public static void resealEdgeSlice(SealedList list, ElementCrypto crypto, NodeFill fill, boolean atHead) {
        int n = list.segmentCount();
        int at = atHead ? 0 : n - 1;
        if (n > 0 && list.segment(at) instanceof ListNode node && node.sliced()) {
            list.splice(at, at + 1, packed(crypto, fill, new Object[] {node}));
        }
    }

    /**
     * Once the singles at the head (or tail) number twice {@link SealedList#EDGE_RUN}, packs all but the
     * {@code EDGE_RUN} outermost into nodes, together with the node next to them when it is less than
     * half full. The outermost stay singles, so pushes and pops that alternate at one edge open no node.
     */
    public static void packEdge(SealedList list, ElementCrypto crypto, NodeFill fill, boolean atHead) {
        int[] range = packRange(list, fill, atHead);
        if (range != null) {
            list.splice(range[0], range[1], packed(crypto, fill, segments(list, range[0], range[1])));
        }
    }

    /** The segments {@code [from, to)} of {@code list}, in order. */
    static Object[] segments(SealedList list, int from, int to) {
        Object[] segments = new Object[to - from];
        for (int i = from; i < to; i++) {
            segments[i - from] = list.segment(i);
        }
        return segments;
    }

    /** The segments {@link #packEdge} packs, {@code [from, to)}; null when the singles are fewer than due. */
    static int[] packRange(SealedList list, NodeFill fill, boolean atHead) {
        return packRange(list, fill, atHead, SealedList.EDGE_RUN, 2 * SealedList.EDGE_RUN);
    }

    /**
     * The segments to pack so that {@code keep} singles stay at the head (or tail), once at least
     * {@code due} are there: the others, with the node next to them when it is less than half full.
     */
    static int[] packRange(SealedList list, NodeFill fill, boolean atHead, int keep, int due) {
        int run = list.edgeRun(atHead);
        if (run < due) {
            return null;
        }
        int n = list.segmentCount();
        int from = atHead ? keep : n - run;
        int to = atHead ? run : n - keep;
        int neighbour = atHead ? run : n - run - 1;
        if (neighbour >= 0 && neighbour < n && list.segment(neighbour) instanceof ListNode node
                && (long) node.count() + (run - keep) <= fill.maxEntries() && node.plainBytes() < fill.maxBytes() / 2) {
            from = Math.min(from, neighbour);
            to = Math.max(to, neighbour + 1);
        }
        return new int[] {from, to};
    }

    /** Segments, in list order, packed into as few nodes as {@code fill} allows. */
    static List<Object> packed(ElementCrypto crypto, NodeFill fill, Object[] segments) {
        List<byte[]> elements = new ArrayList<>();
        try {
            for (Object segment : segments) {
                elements.addAll(Arrays.asList(open(crypto, segment)));
            }
            return seal(crypto, elements, fill, true);
        } finally {
            elements.forEach(element -> Arrays.fill(element, (byte) 0));
        }
    }

    /** A segment rebuilt from elements after an edit (LSET, LINSERT, LREM, LTRIM): zero or more segments. */
    public static List<Object> rebuild(ElementCrypto crypto, List<byte[]> elements, NodeFill fill) {
        return elements.isEmpty() ? List.of() : seal(crypto, elements, fill, elements.size() > 1);
    }
}
