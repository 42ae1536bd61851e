package io.sealedkv.engine.types.zset;

import java.util.function.Consumer;

/**
 * The skiplist-encoded sorted set: one {@link Node} per member, found by its 16-byte element token in
 * a chained hash table and ordered by (score, member) in a treap with subtree sizes and parent links.
 * A treap node's priority is taken from its token (HMAC output, so random and not chosen by clients);
 * its expected depth is O(log n), which gives O(log n) insert, delete, rank and rank or score lookups,
 * like Redis's skiplist with spans.
 *
 * <p>Scores are in clear; members are sealed. Only insertion (and lexicographical range lookups)
 * compare members, and only between members of equal score: the caller's {@link MemberOrder} opens the
 * node's member for that comparison. Rank of a known node walks up its parents, so ZRANK opens nothing.
 * Not thread-safe: used under the keyspace lock.
 */
public final class ZTree {
    /** Compares a new member with a node's (sealed) member; only called when their scores are equal. */
    @FunctionalInterface
    public interface MemberOrder {
        /** Negative when the new member sorts before {@code node}'s member. */
        int compareTo(Node node);
    }

    /** One member: its score, token, sealed member, and its places in the hash chain and the treap. */
    public static final class Node {
        double score;
        final long tokenHigh;
        final long tokenLow;
        final byte[] sealed;
        Node left;
        Node right;
        Node parent;
        Node next;
        int size = 1;

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

        int priority() {
            return (int) tokenLow;
        }
    }

    private static final int MIN_TABLE = 4;

    private Node root;
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
        if (root == null) {
            root = node;
            return;
        }
        Node cur = root;
        while (true) {
            cur.size++;
            boolean left = node.score < cur.score || (node.score == cur.score && order.compareTo(cur) < 0);
            Node child = left ? cur.left : cur.right;
            if (child == null) {
                if (left) {
                    cur.left = node;
                } else {
                    cur.right = node;
                }
                node.parent = cur;
                break;
            }
            cur = child;
        }
        bubbleUp(node);
    }

    /** Inserts a node that sorts after every node held (loading, copying in order): no comparisons. */
    public void append(Node node) {
        hashAdd(node);
        if (root == null) {
            root = node;
            return;
        }
        Node cur = root;
        while (true) {
            cur.size++;
            if (cur.right == null) {
                cur.right = node;
                node.parent = cur;
                break;
            }
            cur = cur.right;
        }
        bubbleUp(node);
    }

    /**
     * Changes a node's score. When the new score keeps it between its neighbours (strictly, so no
     * member comparison is needed) it stays where it is; otherwise it is taken out and inserted again.
     */
    public void rescore(Node node, double score, MemberOrder order) {
        Node prev = predecessor(node);
        Node next = successor(node);
        if ((prev == null || prev.score < score) && (next == null || next.score > score)) {
            node.score = score;
            return;
        }
        delete(node);
        node.score = score;
        node.left = null;
        node.right = null;
        node.parent = null;
        node.size = 1;
        insert(node, order);
    }

    /** Removes a node held by this tree. */
    public void delete(Node node) {
        hashRemove(node);
        while (node.left != null && node.right != null) {
            rotateUp(node.left.priority() > node.right.priority() ? node.left : node.right);
        }
        Node child = node.left != null ? node.left : node.right;
        Node parent = node.parent;
        if (child != null) {
            child.parent = parent;
        }
        if (parent == null) {
            root = child;
        } else if (parent.left == node) {
            parent.left = child;
        } else {
            parent.right = child;
        }
        for (Node p = parent; p != null; p = p.parent) {
            p.size--;
        }
    }

    /** The rank (0-based) of a node held by this tree, found by walking up: no comparisons. */
    public int rank(Node node) {
        int rank = size(node.left);
        for (Node n = node; n.parent != null; n = n.parent) {
            if (n == n.parent.right) {
                rank += size(n.parent.left) + 1;
            }
        }
        return rank;
    }

    /** The node at {@code rank}, 0 &lt;= rank &lt; size. */
    public Node select(int rank) {
        Node n = root;
        while (true) {
            int left = size(n.left);
            if (rank < left) {
                n = n.left;
            } else if (rank == left) {
                return n;
            } else {
                rank -= left + 1;
                n = n.right;
            }
        }
    }

    /** How many nodes come first by the test: the first rank whose node fails {@code below}. */
    public int countBelow(java.util.function.Predicate<Node> below) {
        int count = 0;
        Node n = root;
        while (n != null) {
            if (below.test(n)) {
                count += size(n.left) + 1;
                n = n.right;
            } else {
                n = n.left;
            }
        }
        return count;
    }

    public Node successor(Node node) {
        if (node.right != null) {
            Node n = node.right;
            while (n.left != null) {
                n = n.left;
            }
            return n;
        }
        Node n = node;
        while (n.parent != null && n == n.parent.right) {
            n = n.parent;
        }
        return n.parent;
    }

    public Node predecessor(Node node) {
        if (node.left != null) {
            Node n = node.left;
            while (n.right != null) {
                n = n.right;
            }
            return n;
        }
        Node n = node;
        while (n.parent != null && n == n.parent.left) {
            n = n.parent;
        }
        return n.parent;
    }

    /** Visits every node in order. */
    public void forEach(Consumer<Node> action) {
        if (root == null) {
            return;
        }
        for (Node n = select(0); n != null; n = successor(n)) {
            action.accept(n);
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
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Bytes of sealed members held, for the memory estimate. */
    public long sealedBytes() {
        return sealedBytes;
    }

    /** Table slots, for the memory estimate. */
    public int tableLength() {
        return table.length;
    }

    private static int size(Node n) {
        return n == null ? 0 : n.size;
    }

    private void bubbleUp(Node node) {
        while (node.parent != null && node.priority() > node.parent.priority()) {
            rotateUp(node);
        }
    }

    private void rotateUp(Node x) {
        Node p = x.parent;
        Node g = p.parent;
        if (x == p.left) {
            p.left = x.right;
            if (x.right != null) {
                x.right.parent = p;
            }
            x.right = p;
        } else {
            p.right = x.left;
            if (x.left != null) {
                x.left.parent = p;
            }
            x.left = p;
        }
        p.parent = x;
        x.parent = g;
        if (g == null) {
            root = x;
        } else if (g.left == p) {
            g.left = x;
        } else {
            g.right = x;
        }
        p.size = 1 + size(p.left) + size(p.right);
        x.size = 1 + size(x.left) + size(x.right);
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
