package io.sealedkv.engine.types.zset;

import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A skiplist-encoded sorted set as a {@link SortedView}, used under the keyspace lock. Members are
 * found by token; members are opened only to order a new member among members of equal score and for
 * lexicographical bounds, each plaintext wiped after its one comparison. Items handed out carry a
 * copy of the sealed member, opened by the caller after the lock.
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

    /** The element index of {@code member}, or -1. */
    private int find(byte[] member) {
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
        int element = find(member);
        return element < 0 ? null : tree.score(element);
    }

    @Override
    public int rank(byte[] member) {
        int element = find(member);
        return element < 0 ? -1 : tree.rank(element);
    }

    @Override
    public int firstFrom(double min, boolean exclusive) {
        return tree.countBelow((element, score) -> exclusive ? score <= min : score < min);
    }

    @Override
    public int endAt(double max, boolean exclusive) {
        return tree.countBelow((element, score) -> exclusive ? score < max : score <= max);
    }

    @Override
    public int firstFromLex(LexBound min) {
        return tree.countBelow((element, score) -> !opened(element, min::admitsAsMin));
    }

    @Override
    public int endAtLex(LexBound max) {
        return tree.countBelow((element, score) -> opened(element, max::admitsAsMax));
    }

    private boolean opened(int element, java.util.function.Predicate<byte[]> test) {
        byte[] member = crypto.open(tree.sealed(element));
        try {
            return test.test(member);
        } finally {
            Arrays.fill(member, (byte) 0);
        }
    }

    @Override
    public ZItem item(int rank) {
        return items(rank, rank + 1, false).get(0);
    }

    @Override
    public List<ZItem> items(int from, int to, boolean reverse) {
        List<ZItem> items = new ArrayList<>(Math.max(0, Math.min(to - from, 1 << 16)));
        tree.visitRanks(from, to, reverse, (element, score) -> items.add(new ZItem(tree.sealed(element), true, score)));
        return items;
    }

    @Override
    public void put(byte[] member, double score) {
        int element = find(member);
        ZTree.MemberOrder order = other -> compare(member, other);
        if (element >= 0) {
            if (tree.score(element) != score) {
                changing();
                tree.rescore(element, score, order);
            }
            return;
        }
        byte[] sealed = crypto.seal(member);
        changing();
        tree.insert(score, lastHigh, lastLow, sealed, order);
    }

    private int compare(byte[] member, int other) {
        byte[] opened = crypto.open(tree.sealed(other));
        try {
            return Arrays.compareUnsigned(member, opened);
        } finally {
            Arrays.fill(opened, (byte) 0);
        }
    }

    @Override
    public boolean remove(byte[] member) {
        int element = find(member);
        if (element < 0) {
            return false;
        }
        changing();
        tree.delete(element);
        return true;
    }

    @Override
    public List<ZItem> removeRange(int from, int to) {
        List<ZItem> items = items(from, to, false);
        if (from < to) {
            changing();
            tree.deleteRanks(from, to);
        }
        return items;
    }
}
