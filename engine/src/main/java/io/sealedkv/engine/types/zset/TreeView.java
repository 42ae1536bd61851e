package io.sealedkv.engine.types.zset;

import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.types.zset.ZTree.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A skiplist-encoded sorted set as a {@link SortedView}, used under the keyspace lock. Members are
 * found by token; members are opened only to order a new member among members of equal score and for
 * lexicographical bounds, each plaintext wiped after its one comparison. Items handed out carry the
 * sealed member, opened by the caller after the lock.
 */
public final class TreeView implements SortedView {
    private final ZTree tree;
    private final ElementCrypto crypto;
    private final Runnable beforeFirstChange;
    private boolean modified;
    private byte[] lastMember;
    private long lastHigh;
    private long lastLow;

    /** A view for reading. */
    public TreeView(ZTree tree, ElementCrypto crypto) {
        this(tree, crypto, () -> { });
    }

    /** A view for changing: {@code beforeFirstChange} runs once, before the tree is first changed. */
    public TreeView(ZTree tree, ElementCrypto crypto, Runnable beforeFirstChange) {
        this.tree = tree;
        this.crypto = crypto;
        this.beforeFirstChange = beforeFirstChange;
    }

    public ZTree tree() {
        return tree;
    }

    /** True once the tree was changed through this view. */
    public boolean modified() {
        return modified;
    }

    private void changing() {
        if (!modified) {
            modified = true;
            beforeFirstChange.run();
        }
    }

    private Node find(byte[] member) {
        if (member != lastMember) {
            byte[] token = crypto.token(member);
            lastMember = member;
            lastHigh = ElementToken.high(token);
            lastLow = ElementToken.low(token);
        }
        return tree.find(lastHigh, lastLow);
    }

    @Override
    public int size() {
        return tree.size();
    }

    @Override
    public Double score(byte[] member) {
        Node node = find(member);
        return node == null ? null : node.score;
    }

    @Override
    public int rank(byte[] member) {
        Node node = find(member);
        return node == null ? -1 : tree.rank(node);
    }

    @Override
    public int firstFrom(double min, boolean exclusive) {
        return tree.countBelow(n -> exclusive ? n.score <= min : n.score < min);
    }

    @Override
    public int endAt(double max, boolean exclusive) {
        return tree.countBelow(n -> exclusive ? n.score < max : n.score <= max);
    }

    @Override
    public int firstFromLex(LexBound min) {
        return tree.countBelow(n -> !opened(n, min::admitsAsMin));
    }

    @Override
    public int endAtLex(LexBound max) {
        return tree.countBelow(n -> opened(n, max::admitsAsMax));
    }

    private boolean opened(Node node, java.util.function.Predicate<byte[]> test) {
        byte[] member = crypto.open(node.sealed);
        try {
            return test.test(member);
        } finally {
            Arrays.fill(member, (byte) 0);
        }
    }

    @Override
    public ZItem item(int rank) {
        Node node = tree.select(rank);
        return new ZItem(node.sealed, true, node.score);
    }

    @Override
    public List<ZItem> items(int from, int to, boolean reverse) {
        List<ZItem> items = new ArrayList<>(Math.max(0, Math.min(to - from, 1 << 16)));
        if (from >= to) {
            return items;
        }
        Node n = tree.select(reverse ? to - 1 : from);
        for (int i = from; i < to; i++) {
            items.add(new ZItem(n.sealed, true, n.score));
            n = reverse ? tree.predecessor(n) : tree.successor(n);
        }
        return items;
    }

    @Override
    public void put(byte[] member, double score) {
        Node node = find(member);
        ZTree.MemberOrder order = other -> compare(member, other);
        if (node != null) {
            if (node.score != score) {
                changing();
                tree.rescore(node, score, order);
            }
            return;
        }
        Node created = new Node(score, lastHigh, lastLow, crypto.seal(member));
        changing();
        tree.insert(created, order);
    }

    private int compare(byte[] member, Node other) {
        byte[] opened = crypto.open(other.sealed);
        try {
            return Arrays.compareUnsigned(member, opened);
        } finally {
            Arrays.fill(opened, (byte) 0);
        }
    }

    @Override
    public boolean remove(byte[] member) {
        Node node = find(member);
        if (node == null) {
            return false;
        }
        changing();
        tree.delete(node);
        return true;
    }

    @Override
    public List<ZItem> removeRange(int from, int to) {
        List<ZItem> items = items(from, to, false);
        if (from < to) {
            changing();
            Node n = tree.select(from);
            for (int i = from; i < to; i++) {
                Node next = tree.successor(n);
                tree.delete(n);
                n = next;
            }
        }
        return items;
    }
}
