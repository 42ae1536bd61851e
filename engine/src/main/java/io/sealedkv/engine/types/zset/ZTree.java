package io.sealedkv.engine.types.zset;

import io.sealedkv.engine.types.table.TokenTable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The skiplist-encoded sorted set: its members at dense element indexes 0..size-1 of a
 * {@link TokenTable} (the 16-byte element token, found by a hash chain, and the sealed member, packed
 * into shared pages), ordered by (score, member) in a B+ tree with subtree sizes whose leaves hold
 * element indexes and their scores. No object per member: about 16 (token) + 8 (hash chain and
 * bucket) + 4 (its leaf) + the sealed length plus one byte of table, and 12 bytes per leaf slot.
 *
 * <p>A leaf holds up to {@value #FANOUT} elements in order with their scores beside them in one
 * array, so a search reads a few contiguous cache lines per level; an inner page keeps, per child, its
 * size and its first element (and that element's score, again in one array). This gives O(log n)
 * insert, delete, rank and rank or score lookups, like Redis's skiplist with spans, with about three
 * levels for 100,000 members. The score is kept in the leaf only: an element's score is read from its
 * leaf, found through a side array by element index.
 *
 * <p>Scores are in clear; members are sealed. Only insertion (and lexicographical range lookups)
 * compare members, and only between members of equal score: the caller's {@link MemberOrder} opens the
 * element's member for that comparison. Rank of a known element walks up from its leaf, so ZRANK opens
 * nothing. A score change that keeps the element between its neighbours changes it in place.
 *
 * <p>Deleting an element moves the last element index into the freed one (the table stays dense), so
 * an element index held by a caller is only good until the next delete. Not thread-safe: used under
 * the keyspace lock.
 */
public final class ZTree {
    /** Compares a new member with an element's (sealed) member; only called when their scores are equal. */
    @FunctionalInterface
    public interface MemberOrder {
        /** Negative when the new member sorts before {@code element}'s member. */
        int compareTo(int element);
    }

    /** Receives an element index and its score. */
    @FunctionalInterface
    public interface ScoredVisitor {
        void visit(int element, double score);
    }

    /** A test on an element and its score. */
    @FunctionalInterface
    public interface ScoredTest {
        boolean test(int element, double score);
    }

    /** Most entries of a page (elements of a leaf, children of an inner page). */
    static final int FANOUT = 64;
    /** A page with fewer entries is merged with a neighbour when both fit one page. */
    private static final int MIN_FILL = FANOUT / 4;
    private static final int MIN_BUCKETS = 4;
    private static final int ARRAY_HEADER = 16;
    /** Heap bytes of one leaf page: the page and its score and element arrays. */
    private static final int LEAF_BYTES = 40 + ARRAY_HEADER + 8 * FANOUT + ARRAY_HEADER + 4 * FANOUT;
    /** Heap bytes of one inner page: the page and its child, size, first and score arrays. */
    private static final int INNER_BYTES = 40 + 3 * (ARRAY_HEADER + 4 * FANOUT) + ARRAY_HEADER + 8 * FANOUT;

    private abstract static class Page {
        Inner parent;
        int count;

        abstract int first();

        abstract double firstScore();
    }

    private static final class Leaf extends Page {
        /** This leaf's index in {@code leafById}. */
        int id;
        final double[] scores = new double[FANOUT];
        final int[] elements = new int[FANOUT];
        Leaf prev;
        Leaf next;

        @Override
        int first() {
            return elements[0];
        }

        @Override
        double firstScore() {
            return scores[0];
        }

        /** Where {@code element}, held by this leaf, sits in it. */
        int slotOf(int element) {
            int i = 0;
            while (elements[i] != element) {
                i++;
            }
            return i;
        }
    }

    private static final class Inner extends Page {
        final Page[] children = new Page[FANOUT];
        final int[] sizes = new int[FANOUT];
        final int[] firsts = new int[FANOUT];
        final double[] firstScores = new double[FANOUT];

        @Override
        int first() {
            return firsts[0];
        }

        @Override
        double firstScore() {
            return firstScores[0];
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
            firstScores[i] = child.firstScore();
            child.parent = this;
        }
    }

    private final TokenTable members = TokenTable.packed(0, MIN_BUCKETS);
    /**
     * The id of the leaf holding each element index. Ids, not references: deletes and splits write
     * here at random indexes, and each reference written into one large array dirties a card the
     * collector must then scan (a fifth of the CPU time of popping a 2M-member tree, in a profile, when
     * this was a {@code Leaf[]}).
     */
    private int[] leafOf = new int[4];
    /** The leaves by id, 0..leaves-1; dropping a leaf moves the last one to its id. */
    private Leaf[] leafById = new Leaf[4];
    private int leaves;
    private Page root = newLeaf();
    private int inners;

    public int size() {
        return members.size();
    }

    /** The element index of the member with this token, or -1. */
    public int find(long tokenHigh, long tokenLow) {
        return members.find(tokenHigh, tokenLow);
    }

    /**
     * Brings into this core's cache, without the lock, the table slots that finding these 16-byte tokens will
     * read ({@link TokenTable#touch}); returns a number to keep so that the reads are not optimised away.
     */
    public int touch(List<byte[]> tokens) {
        return members.touch(tokens);
    }

    public double score(int element) {
        Leaf leaf = leafHolding(element);
        return leaf.scores[leaf.slotOf(element)];
    }

    /** The sealed member of {@code element}: a fresh copy, never changed afterwards. */
    public byte[] sealed(int element) {
        return members.sealedAt(element);
    }

    public long tokenHigh(int element) {
        return members.high(element);
    }

    public long tokenLow(int element) {
        return members.low(element);
    }

    /**
     * Inserts a member whose token is not held yet; {@code order} breaks ties of equal score. Its place is
     * found before it is added, so an {@code order} that throws (a member that does not open) changes nothing.
     */
    public void insert(double score, long tokenHigh, long tokenLow, byte[] sealed, MemberOrder order) {
        Leaf leaf = leafFor(score, order);
        int slot = before(leaf.scores, leaf.elements, 0, leaf.count, score, order);
        insertAt(leaf, slot, add(tokenHigh, tokenLow, sealed), score);
    }

    /** Inserts a member that sorts after every member held (loading, copying in order): no comparisons. */
    public void append(double score, long tokenHigh, long tokenLow, byte[] sealed) {
        int element = add(tokenHigh, tokenLow, sealed);
        Page page = root;
        while (page instanceof Inner inner) {
            page = inner.children[inner.count - 1];
        }
        insertAt((Leaf) page, page.count, element, score);
    }

    private int add(long tokenHigh, long tokenLow, byte[] sealed) {
        int element = members.size();
        if (element == leafOf.length) {
            leafOf = Arrays.copyOf(leafOf, element + (element >> 1) + 1);
        }
        members.add(tokenHigh, tokenLow, sealed);
        return element;
    }

    private void place(int element, double score, MemberOrder order) {
        Leaf leaf = leafFor(score, order);
        insertAt(leaf, before(leaf.scores, leaf.elements, 0, leaf.count, score, order), element, score);
    }

    /** The leaf where a member of {@code score} (ordered by {@code order} among equal scores) belongs. */
    private Leaf leafFor(double score, MemberOrder order) {
        Page page = root;
        while (page instanceof Inner inner) {
            int i = before(inner.firstScores, inner.firsts, 1, inner.count, score, order) - 1;
            page = inner.children[Math.max(0, i)];
        }
        return (Leaf) page;
    }

    /**
     * The first index in [from, to) whose entry sorts after the new (score, member); scores are searched
     * first, members compared only among the entries of equal score.
     */
    private static int before(double[] scores, int[] elements, int from, int to, double score, MemberOrder order) {
        int lo = lowerBound(scores, from, to, score);
        int hi = lo;
        while (hi < to && scores[hi] == score) {
            hi++;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compareTo(elements[mid]) > 0) {
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

    private void insertAt(Leaf leaf, int at, int element, double score) {
        if (leaf.count == FANOUT) {
            Leaf right = split(leaf);
            if (at > leaf.count) {
                at -= leaf.count;
                leaf = right;
            }
        }
        System.arraycopy(leaf.scores, at, leaf.scores, at + 1, leaf.count - at);
        System.arraycopy(leaf.elements, at, leaf.elements, at + 1, leaf.count - at);
        leaf.scores[at] = score;
        leaf.elements[at] = element;
        leaf.count++;
        leafOf[element] = leaf.id;
        resize(leaf, 1);
        if (at == 0) {
            firstChanged(leaf);
        }
    }

    /** Moves the upper half of a full leaf to a new leaf after it, and returns the new leaf. */
    private Leaf split(Leaf leaf) {
        Leaf right = newLeaf();
        int half = FANOUT / 2;
        right.count = FANOUT - half;
        System.arraycopy(leaf.scores, half, right.scores, 0, right.count);
        System.arraycopy(leaf.elements, half, right.elements, 0, right.count);
        leaf.count = half;
        for (int i = 0; i < right.count; i++) {
            leafOf[right.elements[i]] = right.id;
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
     * Places {@code right} (holding {@code rightSize} elements) just after {@code left} (now holding
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

    /** Tells the pages above {@code page} of its new first element (or of that element's new score or index). */
    private static void firstChanged(Page page) {
        int first = page.first();
        double score = page.firstScore();
        for (Inner p = page.parent; p != null; page = p, p = p.parent) {
            int i = p.indexOf(page);
            p.firsts[i] = first;
            p.firstScores[i] = score;
            if (i != 0) {
                return;
            }
        }
    }

    /**
     * Changes an element's score. When the new score keeps it between its neighbours (strictly, so no
     * member comparison is needed) it stays where it is; otherwise it is taken out and placed again.
     */
    public void rescore(int element, double score, MemberOrder order) {
        Leaf leaf = leafHolding(element);
        int i = leaf.slotOf(element);
        if (fitsBetweenNeighbours(leaf, i, score)) {
            leaf.scores[i] = score;
            if (i == 0) {
                firstChanged(leaf);
            }
            return;
        }
        unplace(leaf, i);
        place(element, score, order);
    }

    /** True when {@code score} is strictly between the scores of the neighbours of slot {@code i} of {@code leaf}. */
    private static boolean fitsBetweenNeighbours(Leaf leaf, int i, double score) {
        boolean abovePrevious = i > 0 ? leaf.scores[i - 1] < score
                : leaf.prev == null || leaf.prev.scores[leaf.prev.count - 1] < score;
        boolean belowNext = i + 1 < leaf.count ? leaf.scores[i + 1] > score
                : leaf.next == null || leaf.next.scores[0] > score;
        return abovePrevious && belowNext;
    }

    /** Removes an element held by this tree; the last element index takes its index. */
    public void delete(int element) {
        Leaf leaf = leafHolding(element);
        deleteAt(leaf, leaf.slotOf(element));
    }

    /** Removes the elements of ranks {@code from} (inclusive) to {@code to} (exclusive). */
    public void deleteRanks(int from, int to) {
        for (int n = to - from; n > 0; n--) {
            int slot = from;
            Page page = root;
            while (page instanceof Inner inner) {
                int i = 0;
                while (slot >= inner.sizes[i]) {
                    slot -= inner.sizes[i];
                    i++;
                }
                page = inner.children[i];
            }
            deleteAt((Leaf) page, slot);
        }
    }

    /** Removes the element at {@code slot} of {@code leaf}; the last element index takes its index. */
    private void deleteAt(Leaf leaf, int slot) {
        int element = leaf.elements[slot];
        unplace(leaf, slot);
        int last = members.size() - 1;
        members.removeAt(element);
        if (element != last) {
            Leaf moved = leafHolding(last);
            int at = moved.slotOf(last);
            moved.elements[at] = element;
            leafOf[element] = moved.id;
            if (at == 0) {
                firstChanged(moved);
            }
        }
        if (leafOf.length > 16 && last < leafOf.length / 4) {
            leafOf = Arrays.copyOf(leafOf, last + (last >> 1) + 1);
        }
    }

    /** Takes the element at {@code at} out of {@code leaf}. */
    private void unplace(Leaf leaf, int at) {
        leaf.count--;
        System.arraycopy(leaf.scores, at + 1, leaf.scores, at, leaf.count - at);
        System.arraycopy(leaf.elements, at + 1, leaf.elements, at, leaf.count - at);
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
                root = newLeaf();
                inners--;
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

    private Leaf newLeaf() {
        Leaf leaf = new Leaf();
        if (leaves == leafById.length) {
            leafById = Arrays.copyOf(leafById, 2 * leaves);
        }
        leaf.id = leaves;
        leafById[leaves++] = leaf;
        return leaf;
    }

    private Leaf leafHolding(int element) {
        return leafById[leafOf[element]];
    }

    /** Takes a leaf out of the chain of leaves and out of the ids, where the last leaf takes its id. */
    private void unlink(Leaf leaf) {
        Leaf last = leafById[--leaves];
        leafById[leaves] = null;
        if (last != leaf) {
            last.id = leaf.id;
            leafById[leaf.id] = last;
            for (int i = 0; i < last.count; i++) {
                leafOf[last.elements[i]] = last.id;
            }
        }
        if (leafById.length > 16 && leaves < leafById.length / 4) {
            leafById = Arrays.copyOf(leafById, 2 * leaves);
        }
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
            System.arraycopy(r.elements, 0, l.elements, l.count, r.count);
            for (int k = 0; k < r.count; k++) {
                leafOf[r.elements[k]] = l.id;
            }
            l.count += r.count;
            unlink(r);
        } else {
            Inner l = (Inner) left;
            Inner r = (Inner) right;
            for (int k = 0; k < r.count; k++) {
                l.put(l.count + k, r.children[k], r.sizes[k]);
            }
            l.count += r.count;
            inners--;
        }
        parent.sizes[i] += parent.sizes[i + 1];
        removeChild(parent, i + 1);
    }

    /** The rank (0-based) of an element held by this tree, found by walking up: no comparisons. */
    public int rank(int element) {
        Leaf leaf = leafHolding(element);
        int rank = leaf.slotOf(element);
        Page page = leaf;
        for (Inner p = page.parent; p != null; page = p, p = p.parent) {
            for (int i = 0, end = p.indexOf(page); i < end; i++) {
                rank += p.sizes[i];
            }
        }
        return rank;
    }

    /**
     * Visits the elements of ranks {@code from} (inclusive) to {@code to} (exclusive) with their scores,
     * from the top down when {@code reverse}.
     */
    public void visitRanks(int from, int to, boolean reverse, ScoredVisitor visitor) {
        if (from >= to) {
            return;
        }
        int slot = reverse ? to - 1 : from;
        Page page = root;
        while (page instanceof Inner inner) {
            int i = 0;
            while (slot >= inner.sizes[i]) {
                slot -= inner.sizes[i];
                i++;
            }
            page = inner.children[i];
        }
        Leaf leaf = (Leaf) page;
        for (int n = to - from; n > 0; n--) {
            visitor.visit(leaf.elements[slot], leaf.scores[slot]);
            if (!reverse && ++slot == leaf.count && n > 1) {
                leaf = leaf.next;
                slot = 0;
            } else if (reverse && --slot < 0 && n > 1) {
                leaf = leaf.prev;
                slot = leaf.count - 1;
            }
        }
    }

    /**
     * How many elements come first by the test: the first rank whose element fails {@code below}, which
     * must hold for a prefix of the order and fail after it.
     */
    public int countBelow(ScoredTest below) {
        int counted = 0;
        Page page = root;
        while (page instanceof Inner inner) {
            int i = prefix(inner.firsts, inner.firstScores, 1, inner.count, below) - 1;
            for (int k = 0; k < Math.max(0, i); k++) {
                counted += inner.sizes[k];
            }
            page = inner.children[Math.max(0, i)];
        }
        Leaf leaf = (Leaf) page;
        return counted + prefix(leaf.elements, leaf.scores, 0, leaf.count, below);
    }

    /** The first index in [from, to) whose entry fails {@code test}. */
    private static int prefix(int[] elements, double[] scores, int from, int to, ScoredTest test) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (test.test(elements[mid], scores[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Visits every element in order. */
    public void forEach(ScoredVisitor visitor) {
        Page page = root;
        while (page instanceof Inner inner) {
            page = inner.children[0];
        }
        for (Leaf leaf = (Leaf) page; leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.count; i++) {
                visitor.visit(leaf.elements[i], leaf.scores[i]);
            }
        }
    }

    /** Visits every sealed member in element order (the order of the pages they are packed in). */
    public void forEachSealed(Consumer<byte[]> action) {
        members.forEachSealed(action);
    }

    /**
     * One step of a SCAN over the hash table: visits bucket {@code cursor} and returns the next cursor
     * (0 when done), as {@link TokenTable#scanIndexes}.
     */
    public long scan(long cursor, ScoredVisitor visitor) {
        return members.scanIndexes(cursor, element -> visitor.visit(element, score(element)));
    }

    /** Heap bytes held: the table with the sealed members, the leaf of each element, the pages. */
    public long heapBytes() {
        return members.heapBytes() + ARRAY_HEADER + 4L * leafOf.length + ARRAY_HEADER + 4L * leafById.length
                + (long) LEAF_BYTES * leaves + (long) INNER_BYTES * inners;
    }

    /** Leaf pages, for tests. */
    int leafPages() {
        return leaves;
    }

    /** Inner pages, for tests. */
    int innerPages() {
        return inners;
    }

    /**
     * For tests: checks every page against its children and every element against its leaf (parent links,
     * subtree sizes, each child's first element and score, leaf ids, {@code leafOf}, scores in order, each
     * element index 0..size-1 held once); throws {@link IllegalStateException} naming the first break.
     */
    void checkInvariants() {
        boolean[] held = new boolean[size()];
        int[] leafCount = {0};
        int total = check(root, null, held, leafCount);
        require(total == size(), "the leaves hold " + total + " elements, the table " + size());
        require(leafCount[0] == leaves, leafCount[0] + " leaves reached, " + leaves + " counted");
    }

    private int check(Page page, Inner parent, boolean[] held, int[] leafCount) {
        require(page.parent == parent, "a page's parent link");
        if (page instanceof Leaf leaf) {
            leafCount[0]++;
            require(leafById[leaf.id] == leaf, "leaf " + leaf.id + " is not at its id");
            for (int i = 0; i < leaf.count; i++) {
                int element = leaf.elements[i];
                require(element >= 0 && element < held.length && !held[element],
                        "element " + element + " held twice or out of range");
                held[element] = true;
                require(leafOf[element] == leaf.id, "leafOf[" + element + "]");
                require(i == 0 || leaf.scores[i - 1] <= leaf.scores[i], "scores out of order in leaf " + leaf.id);
            }
            return leaf.count;
        }
        Inner inner = (Inner) page;
        require(inner.count > (parent == null ? 1 : 0), "an inner page with too few children");
        int total = 0;
        for (int i = 0; i < inner.count; i++) {
            Page child = inner.children[i];
            int size = check(child, inner, held, leafCount);
            require(inner.sizes[i] == size, "subtree size " + inner.sizes[i] + " for " + size + " elements");
            require(inner.firsts[i] == child.first(), "first element of child " + i);
            require(Double.compare(inner.firstScores[i], child.firstScore()) == 0, "first score of child " + i);
            total += size;
        }
        return total;
    }

    private static void require(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("sorted-set tree broken: " + what);
        }
    }
}
