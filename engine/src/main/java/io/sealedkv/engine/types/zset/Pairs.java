package io.sealedkv.engine.types.zset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listpack-encoded sorted set opened: its (member, score) pairs in clear, in order. The block a
 * {@link ZSetValue} seals is {@link #encode()}: for each pair in order, the member's length as an
 * unsigned LEB128 varint, the member, and the score as 8 big-endian bytes of its IEEE 754 bits.
 * Scores are kept as a listpack keeps them (negative zero becomes 0). Whoever opens one wipes it with
 * {@link #wipe()}, including the members of items it handed out.
 */
public final class Pairs implements SortedView {
    private byte[][] members;
    private double[] scores;
    private int size;
    private boolean modified;
    /** Set once a change took the set past the listpack limits: it is stored as a skiplist, scores as given. */
    private boolean keepsGivenScores;
    private final List<byte[]> removed = new ArrayList<>();

    public Pairs(int capacity) {
        members = new byte[Math.max(capacity, 4)][];
        scores = new double[members.length];
    }

    /** The pairs a block holds; the block is left to the caller to wipe. */
    public static Pairs decode(byte[] block) {
        Pairs pairs = new Pairs(16);
        int pos = 0;
        while (pos < block.length) {
            int length = 0;
            int shift = 0;
            byte b;
            do {
                b = block[pos++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            byte[] member = Arrays.copyOfRange(block, pos, pos + length);
            pos += length;
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (block[pos++] & 0xff);
            }
            pairs.append(member, Double.longBitsToDouble(bits));
        }
        return pairs;
    }

    /** The plaintext block of these pairs; the caller seals it and wipes it. */
    public byte[] encode() {
        int total = 0;
        for (int i = 0; i < size; i++) {
            total += varintLength(members[i].length) + members[i].length + 8;
        }
        byte[] block = new byte[total];
        int pos = 0;
        for (int i = 0; i < size; i++) {
            int length = members[i].length;
            while (length >= 0x80) {
                block[pos++] = (byte) ((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            block[pos++] = (byte) length;
            System.arraycopy(members[i], 0, block, pos, members[i].length);
            pos += members[i].length;
            long bits = Double.doubleToRawLongBits(scores[i]);
            for (int shift = 56; shift >= 0; shift -= 8) {
                block[pos++] = (byte) (bits >>> shift);
            }
        }
        return block;
    }

    private static int varintLength(int value) {
        int bytes = 1;
        while (value >= 0x80) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    /** Appends a pair known to sort after every pair held (decoding, building in order). */
    public void append(byte[] member, double score) {
        grow();
        members[size] = member;
        scores[size] = Scores.listpackScore(score);
        size++;
    }

    /**
     * From now on {@link #put} keeps scores as given (negative zero too), as a skiplist does: the set has gone
     * past the listpack limits and becomes one when stored.
     */
    public void keepGivenScores() {
        keepsGivenScores = true;
    }

    /** True once a pair was added, changed or removed since decoding. */
    public boolean modified() {
        return modified;
    }

    public byte[] member(int rank) {
        return members[rank];
    }

    public double scoreAt(int rank) {
        return scores[rank];
    }

    /** Wipes every member held or removed since decoding. */
    public void wipe() {
        wipeHeld();
        for (byte[] member : removed) {
            Arrays.fill(member, (byte) 0);
        }
        removed.clear();
    }

    /** Wipes the members still held, keeping those removed (handed out by {@link #removeRange}) for their reply. */
    public void wipeHeld() {
        for (int i = 0; i < size; i++) {
            Arrays.fill(members[i], (byte) 0);
        }
    }

    @Override
    public int size() {
        return size;
    }

    private int indexOf(byte[] member) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(members[i], member)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Double score(byte[] member) {
        int i = indexOf(member);
        return i < 0 ? null : scores[i];
    }

    @Override
    public int rank(byte[] member) {
        return indexOf(member);
    }

    @Override
    public int firstFrom(double min, boolean exclusive) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (exclusive ? scores[mid] <= min : scores[mid] < min) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int endAt(double max, boolean exclusive) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (exclusive ? scores[mid] < max : scores[mid] <= max) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int firstFromLex(LexBound min) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!min.admitsAsMin(members[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int endAtLex(LexBound max) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (max.admitsAsMax(members[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public ZItem item(int rank) {
        return new ZItem(members[rank], false, scores[rank]);
    }

    @Override
    public List<ZItem> items(int from, int to, boolean reverse) {
        List<ZItem> items = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            int at = reverse ? to - 1 - (i - from) : i;
            items.add(new ZItem(members[at], false, scores[at]));
        }
        return items;
    }

    @Override
    public void put(byte[] member, double score) {
        modified = true;
        int old = indexOf(member);
        byte[] kept = member.clone();
        if (old >= 0) {
            removed.add(members[old]);
            removeAt(old);
        }
        double stored = keepsGivenScores ? score : Scores.listpackScore(score);
        int at = insertionPoint(kept, stored);
        grow();
        System.arraycopy(members, at, members, at + 1, size - at);
        System.arraycopy(scores, at, scores, at + 1, size - at);
        members[at] = kept;
        scores[at] = stored;
        size++;
    }

    private int insertionPoint(byte[] member, double score) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean below = scores[mid] < score
                    || (scores[mid] == score && Arrays.compareUnsigned(members[mid], member) < 0);
            if (below) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean remove(byte[] member) {
        int i = indexOf(member);
        if (i < 0) {
            return false;
        }
        modified = true;
        removed.add(members[i]);
        removeAt(i);
        return true;
    }

    @Override
    public List<ZItem> removeRange(int from, int to) {
        List<ZItem> items = items(from, to, false);
        modified |= from < to;
        for (ZItem item : items) {
            removed.add(item.member());
        }
        System.arraycopy(members, to, members, from, size - to);
        System.arraycopy(scores, to, scores, from, size - to);
        Arrays.fill(members, size - (to - from), size, null);
        size -= to - from;
        return items;
    }

    private void removeAt(int i) {
        System.arraycopy(members, i + 1, members, i, size - i - 1);
        System.arraycopy(scores, i + 1, scores, i, size - i - 1);
        members[--size] = null;
    }

    private void grow() {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
    }
}
