package io.sealedkv.engine.types.zset;

import io.sealedkv.engine.keyspace.ScanCursor;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The skiplist-encoded sorted set: one {@link Node} per member, found by its 16-byte element token in
 * a chained hash table and ordered by (score, member) in a B+ tree with subtree sizes. A leaf holds up to
 * {@value #FANOUT} nodes in order with their scores beside them in one array, so a search reads a few
 * contiguous cache lines per level instead of one scattered node per level; an inner page keeps, per
 * child, its size and its first node (and that node's score, again in one array). This gives O(log n)
 * insert, delete, rank and rank or score lookups, like Redis's skiplist with spans, with about three
 * levels for 100,000 members.
 *
 * <p>Scores are in clear; members are sealed. Only insertion (and lexicographical range lookups)
 * compare members, and only between members of equal score: the caller's {@link MemberOrder} opens the
 * node's member for that comparison. Rank of a known node walks up from its leaf, so ZRANK opens nothing.
 * A score change that keeps the node between its neighbours changes it in place. Not thread-safe: used
 * under the keyspace lock.
 */
public final class ZTree {
    /** Compares a new member with a node's (sealed) member; only called when their scores are equal. */
    @FunctionalInterface
    public interface MemberOrder {
        /** Negative when the new member sorts before {@code node}'s member. */
        int compareTo(Node node);
    }

    /** One member: its score, token, sealed member, its place in the hash chain and its leaf. */
    public static final class Node {
        double score;
        final long tokenHigh;
        final long tokenLow;
        final byte[] sealed;
        Node next;
        Leaf leaf;

        public Node(double score, long tokenHigh, long tokenLow, byte[] sealed) {
            this.score = score;
            this.tokenHigh = tokenHigh;
            this.tokenLow = tokenLow;
            this.sealed = sealed;
        }

        public double score() {
            return score;
        }

        public byte[] sealed() {
            return sealed;
        }

        public long tokenHigh() {
            return tokenHigh;
        }

        public long tokenLow() {
            return tokenLow;
        }
    }

    /** Most entries of a page (nodes of a leaf, children of an inner page). */
    static final int FANOUT = 64;
    /** A page with fewer entries is merged with a neighbour when both fit one page. */
    private static final int MIN_FILL = FANOUT / 4;

    private abstract static class Page {
        Inner parent;
        int count;

        abstract Node first();
    }

    private static final class Leaf extends Page {
        final double[] scores = new double[FANOUT];
        final Node[] nodes = new Node[FANOUT];
        Leaf prev;
        Leaf next;

        @Override
        Node first() {
            return nodes[0];
        }
    }

    private static final class Inner extends Page {
        final Page[] children = new Page[FANOUT];
        final int[] sizes = new int[FANOUT];
        final Node[] firsts = new Node[FANOUT];
        final double[] firstScores = new double[FANOUT];

        @Override
        Node first() {
            return firsts[0];
        }

        int indexOf(Page child) {
            int i = 0;
            while (children[i] != child) {
                i++;
            }
            return i;
        }

        void put(int i, Page child, int size) {
            children[i] = child;
            sizes[i] = size;
            firsts[i] = child.first();
            firstScores[i] = firsts[i].score;
            child.parent = this;
        }
    }

    private static final int MIN_TABLE = 4;

    private Page root = new Leaf();
    private int leaves = 1;
    private int inners;
    private Node[] table = new Node[MIN_TABLE];
    private int count;
    private long sealedBytes;

    public int size() {
        return count;
    }

    /** The node of the member with this token, or null. */
    public Node find(long tokenHigh, long tokenLow) {
        for (Node n = table[bucket(tokenHigh, table.length)]; n != null; n = n.next) {
            if (n.tokenHigh == tokenHigh && n.tokenLow == tokenLow) {
                return n;
            }
        }
        return null;
    }

    private static int bucket(long tokenHigh, int tableLength) {
        return (int) tokenHigh & (tableLength - 1);
    }

    /** Inserts a node whose token is not held yet; {@code order} breaks ties of equal score. */
    public void insert(Node node, MemberOrder order) {
        hashAdd(node);
        place(node, order);
    }

    private void place(Node node, MemberOrder order) {
        Page page = root;
        while (page instanceof Inner inner) {
            int i = before(inner.firstScores, inner.firsts, 1, inner.count, node.score, order) - 1;
            page = inner.children[Math.max(0, i)];
        }
        Leaf leaf = (Leaf) page;
        insertAt(leaf, before(leaf.scores, leaf.nodes, 0, leaf.count, node.score, order), node);
    }

    /**
     * The first index in [from, to) whose entry sorts after the new (score, member); scores are searched
     * first, members compared only among the entries of equal score.
     */
    private static int before(double[] scores, Node[] nodes, int from, int to, double score, MemberOrder order) {
        int lo = lowerBound(scores, from, to, score);
        int hi = lo;
        while (hi < to && scores[hi] == score) {
            hi++;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compareTo(nodes[mid]) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index in [from, to) whose score is not below {@code score}. */
    private static int lowerBound(double[] scores, int from, int to, double score) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] < score) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Inserts a node that sorts after every node held (loading, copying in order): no comparisons. */
    public void append(Node node) {
        hashAdd(node);
        Page page = root;
        while (page instanceof Inner inner) {
            page = inner.children[inner.count - 1];
        }
        insertAt((Leaf) page, page.count, node);
    }

    private void insertAt(Leaf leaf, int at, Node node) {
        if (leaf.count == FANOUT) {
            Leaf right = split(leaf);
            if (at > leaf.count) {
                at -= leaf.count;
                leaf = right;
            }
        }
        System.arraycopy(leaf.scores, at, leaf.scores, at + 1, leaf.count - at);
        System.arraycopy(leaf.nodes, at, leaf.nodes, at + 1, leaf.count - at);
        leaf.scores[at] = node.score;
        leaf.nodes[at] = node;
        leaf.count++;
        node.leaf = leaf;
        resize(leaf, 1);
        if (at == 0) {
            firstChanged(leaf);
        }
    }

    /** Moves the upper half of a full leaf to a new leaf after it, and returns the new leaf. */
    private Leaf split(Leaf leaf) {
        Leaf right = new Leaf();
        leaves++;
        int half = FANOUT / 2;
        right.count = FANOUT - half;
        System.arraycopy(leaf.scores, half, right.scores, 0, right.count);
        System.arraycopy(leaf.nodes, half, right.nodes, 0, right.count);
        Arrays.fill(leaf.nodes, half, FANOUT, null);
        leaf.count = half;
        for (int i = 0; i < right.count; i++) {
            right.nodes[i].leaf = right;
        }
        right.prev = leaf;
        right.next = leaf.next;
        if (leaf.next != null) {
            leaf.next.prev = right;
        }
        leaf.next = right;
        addSibling(leaf, right, half, right.count);
        return right;
    }

    /**
     * Places {@code right} (holding {@code rightSize} nodes) just after {@code left} (now holding
     * {@code leftSize}) in their parent, splitting full parents on the way up.
     */
    private void addSibling(Page left, Page right, int leftSize, int rightSize) {
        Inner parent = left.parent;
        if (parent == null) {
            Inner top = new Inner();
            inners++;
            top.put(0, left, leftSize);
            top.put(1, right, rightSize);
            top.count = 2;
            root = top;
            return;
        }
        if (parent.count == FANOUT) {
            Inner upper = splitInner(parent);
            if (left.parent == upper) {
                parent = upper;
            }
        }
        int i = parent.indexOf(left) + 1;
        int moved = parent.count - i;
        System.arraycopy(parent.children, i, parent.children, i + 1, moved);
        System.arraycopy(parent.sizes, i, parent.sizes, i + 1, moved);
        System.arraycopy(parent.firsts, i, parent.firsts, i + 1, moved);
        System.arraycopy(parent.firstScores, i, parent.firstScores, i + 1, moved);
        parent.sizes[i - 1] = leftSize;
        parent.put(i, right, rightSize);
        parent.count++;
    }

    private Inner splitInner(Inner page) {
        Inner upper = new Inner();
        inners++;
        int half = FANOUT / 2;
        int leftSize = 0;
        int rightSize = 0;
        for (int i = 0; i < page.count; i++) {
            if (i < half) {
                leftSize += page.sizes[i];
            } else {
                upper.put(i - half, page.children[i], page.sizes[i]);
                rightSize += page.sizes[i];
                page.children[i] = null;
                page.firsts[i] = null;
            }
        }
        upper.count = page.count - half;
        page.count = half;
        addSibling(page, upper, leftSize, rightSize);
        return upper;
    }

    /** Adds {@code delta} to the sizes kept for {@code page} by every page above it. */
    private static void resize(Page page, int delta) {
        for (Inner p = page.parent; p != null; page = p, p = p.parent) {
            p.sizes[p.indexOf(page)] += delta;
        }
    }

    /** Tells the pages above {@code page} of its new first node (or of that node's new score). */
    private static void firstChanged(Page page) {
        Node first = page.first();
        for (Inner p = page.parent; p != null; page = p, p = p.parent) {
            int i = p.indexOf(page);
            p.firsts[i] = first;
            p.firstScores[i] = first.score;
            if (i != 0) {
                return;
            }
        }
    }

    /**
     * Changes a node's score. When the new score keeps it between its neighbours (strictly, so no
     * member comparison is needed) it stays where it is; otherwise it is taken out and placed again.
     */
    public void rescore(Node node, double score, MemberOrder order) {
        Leaf leaf = node.leaf;
        int i = indexIn(leaf, node);
        Node prev = nodeBefore(leaf, i);
        Node next = nodeAfter(leaf, i);
        if ((prev == null || prev.score < score) && (next == null || next.score > score)) {
            node.score = score;
            leaf.scores[i] = score;
            if (i == 0) {
                firstChanged(leaf);
            }
            return;
        }
        unplace(leaf, i);
        node.score = score;
        place(node, order);
    }

    /** Removes a node held by this tree. */
    public void delete(Node node) {
        hashRemove(node);
        Leaf leaf = node.leaf;
        unplace(leaf, indexIn(leaf, node));
    }

    /** Takes the node at {@code at} out of {@code leaf}. */
    private void unplace(Leaf leaf, int at) {
        Node node = leaf.nodes[at];
        leaf.count--;
        System.arraycopy(leaf.scores, at + 1, leaf.scores, at, leaf.count - at);
        System.arraycopy(leaf.nodes, at + 1, leaf.nodes, at, leaf.count - at);
        leaf.nodes[leaf.count] = null;
        node.leaf = null;
        resize(leaf, -1);
        if (leaf.count == 0) {
            drop(leaf);
            return;
        }
        if (at == 0) {
            firstChanged(leaf);
        }
        rebalance(leaf);
    }

    /** Takes an emptied page out of the tree (the root stays, as an empty leaf). */
    private void drop(Page page) {
        Inner parent = page.parent;
        if (parent == null) {
            if (page instanceof Inner) {
                root = new Leaf();
                inners--;
                leaves++;
            }
            return;
        }
        if (page instanceof Leaf leaf) {
            unlink(leaf);
        } else {
            inners--;
        }
        int i = parent.indexOf(page);
        removeChild(parent, i);
        if (parent.count == 0) {
            drop(parent);
            return;
        }
        if (i == 0) {
            firstChanged(parent);
        }
        rebalance(parent);
    }

    private void unlink(Leaf leaf) {
        leaves--;
        if (leaf.prev != null) {
            leaf.prev.next = leaf.next;
        }
        if (leaf.next != null) {
            leaf.next.prev = leaf.prev;
        }
    }

    private static void removeChild(Inner parent, int i) {
        parent.count--;
        int moved = parent.count - i;
        System.arraycopy(parent.children, i + 1, parent.children, i, moved);
        System.arraycopy(parent.sizes, i + 1, parent.sizes, i, moved);
        System.arraycopy(parent.firsts, i + 1, parent.firsts, i, moved);
        System.arraycopy(parent.firstScores, i + 1, parent.firstScores, i, moved);
        parent.children[parent.count] = null;
        parent.firsts[parent.count] = null;
    }

    /**
     * Keeps pages from thinning out: a page under a quarter full is merged with its next (or previous)
     * sibling when both fit one page; a root with one child gives way to that child.
     */
    private void rebalance(Page page) {
        Inner parent = page.parent;
        if (parent == null) {
            while (root instanceof Inner top && top.count == 1) {
                root = top.children[0];
                root.parent = null;
                inners--;
            }
            return;
        }
        if (page.count >= MIN_FILL) {
            return;
        }
        int i = parent.indexOf(page);
        if (i + 1 < parent.count && page.count + parent.children[i + 1].count <= FANOUT) {
            merge(parent, i);
        } else if (i > 0 && parent.children[i - 1].count + page.count <= FANOUT) {
            merge(parent, i - 1);
        } else {
            return;
        }
        rebalance(parent);
    }

    /** Moves every entry of child {@code i + 1} of {@code parent} to the end of child {@code i}. */
    private void merge(Inner parent, int i) {
        Page left = parent.children[i];
        Page right = parent.children[i + 1];
        if (left instanceof Leaf l) {
            Leaf r = (Leaf) right;
            System.arraycopy(r.scores, 0, l.scores, l.count, r.count);
            System.arraycopy(r.nodes, 0, l.nodes, l.count, r.count);
            for (int k = 0; k < r.count; k++) {
                r.nodes[k].leaf = l;
            }
            unlink(r);
        } else {
            Inner l = (Inner) left;
            Inner r = (Inner) right;
            for (int k = 0; k < r.count; k++) {
                l.put(l.count + k, r.children[k], r.sizes[k]);
            }
            inners--;
        }
        left.count += right.count;
        parent.sizes[i] += parent.sizes[i + 1];
        removeChild(parent, i + 1);
    }

    /** Where a node held by {@code leaf} sits in it: found by score, then by identity among equal scores. */
    private static int indexIn(Leaf leaf, Node node) {
        int i = lowerBound(leaf.scores, 0, leaf.count, node.score);
        while (leaf.nodes[i] != node) {
            i++;
        }
        return i;
    }

    /** The rank (0-based) of a node held by this tree, found by walking up: no comparisons. */
    public int rank(Node node) {
        Page page = node.leaf;
        int rank = indexIn(node.leaf, node);
        for (Inner p = page.parent; p != null; page = p, p = p.parent) {
            for (int i = 0, end = p.indexOf(page); i < end; i++) {
                rank += p.sizes[i];
            }
        }
        return rank;
    }

    /** The node at {@code rank}, 0 &lt;= rank &lt; size. */
    public Node select(int rank) {
        Page page = root;
        while (page instanceof Inner inner) {
            int i = 0;
            while (rank >= inner.sizes[i]) {
                rank -= inner.sizes[i];
                i++;
            }
            page = inner.children[i];
        }
        return ((Leaf) page).nodes[rank];
    }

    /**
     * How many nodes come first by the test: the first rank whose node fails {@code below}, which must
     * hold for a prefix of the order and fail after it.
     */
    public int countBelow(Predicate<Node> below) {
        int counted = 0;
        Page page = root;
        while (page instanceof Inner inner) {
            int i = prefix(inner.firsts, 1, inner.count, below) - 1;
            for (int k = 0; k < Math.max(0, i); k++) {
                counted += inner.sizes[k];
            }
            page = inner.children[Math.max(0, i)];
        }
        return counted + prefix(((Leaf) page).nodes, 0, page.count, below);
    }

    /** The first index in [from, to) whose node fails {@code test}. */
    private static int prefix(Node[] nodes, int from, int to, Predicate<Node> test) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (test.test(nodes[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public Node successor(Node node) {
        return nodeAfter(node.leaf, indexIn(node.leaf, node));
    }

    public Node predecessor(Node node) {
        return nodeBefore(node.leaf, indexIn(node.leaf, node));
    }

    /** The node after the one at {@code i} of {@code leaf}, or null. */
    private static Node nodeAfter(Leaf leaf, int i) {
        if (i + 1 < leaf.count) {
            return leaf.nodes[i + 1];
        }
        return leaf.next == null ? null : leaf.next.nodes[0];
    }

    /** The node before the one at {@code i} of {@code leaf}, or null. */
    private static Node nodeBefore(Leaf leaf, int i) {
        if (i > 0) {
            return leaf.nodes[i - 1];
        }
        return leaf.prev == null ? null : leaf.prev.nodes[leaf.prev.count - 1];
    }

    /** Visits every node in order. */
    public void forEach(Consumer<Node> action) {
        Page page = root;
        while (page instanceof Inner inner) {
            page = inner.children[0];
        }
        for (Leaf leaf = (Leaf) page; leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.count; i++) {
                action.accept(leaf.nodes[i]);
            }
        }
    }

    /**
     * One step of a SCAN over the hash table: visits bucket {@code cursor} and returns the next cursor
     * (0 when done). The cursor's bits count in reverse, so a table that grows or shrinks between calls
     * loses nothing that was there for the whole scan.
     */
    public long scan(long cursor, Consumer<Node> visit) {
        long mask = table.length - 1;
        for (Node n = table[(int) (cursor & mask)]; n != null; n = n.next) {
            visit.accept(n);
        }
        return ScanCursor.next(cursor, table.length);
    }

    /** Bytes of sealed members held, for the memory estimate. */
    public long sealedBytes() {
        return sealedBytes;
    }

    /** Table slots, for the memory estimate. */
    public int tableLength() {
        return table.length;
    }

    /** Leaf pages, for the memory estimate. */
    public int leafPages() {
        return leaves;
    }

    /** Inner pages, for the memory estimate. */
    public int innerPages() {
        return inners;
    }

    private void hashAdd(Node node) {
        if (count >= table.length) {
            rehash(table.length * 2);
        }
        int b = bucket(node.tokenHigh, table.length);
        node.next = table[b];
        table[b] = node;
        count++;
        sealedBytes += node.sealed.length;
    }

    private void hashRemove(Node node) {
        int b = bucket(node.tokenHigh, table.length);
        Node prev = null;
        for (Node n = table[b]; n != null; prev = n, n = n.next) {
            if (n == node) {
                if (prev == null) {
                    table[b] = n.next;
                } else {
                    prev.next = n.next;
                }
                node.next = null;
                count--;
                sealedBytes -= node.sealed.length;
                break;
            }
        }
        if (table.length > MIN_TABLE && count < table.length / 8) {
            rehash(table.length / 2);
        }
    }

    private void rehash(int length) {
        Node[] old = table;
        table = new Node[length];
        for (Node head : old) {
            Node n = head;
            while (n != null) {
                Node next = n.next;
                int b = bucket(n.tokenHigh, length);
                n.next = table[b];
                table[b] = n;
                n = next;
            }
        }
    }
}
