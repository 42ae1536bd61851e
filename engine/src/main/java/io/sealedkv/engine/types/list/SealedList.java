package io.sealedkv.engine.types.list;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.types.table.BlockRoom;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A list as a quicklist of sealed segments, in order. A segment is either a single element sealed on its
 * own (a {@code byte[]}) or a {@link ListNode}: several elements packed in a {@link ListBlock} and sealed
 * as one array, at most {@link NodeFill} in size. Pushes add singles at an edge (sealed before the lock);
 * once twice {@link #EDGE_RUN} singles are in a row at an edge, all but the outermost {@code EDGE_RUN} are
 * packed into nodes, so a long list is mostly nodes, as compact as Redis's listpacks plus one envelope per
 * node. A pop takes a single at the edge, or first splits {@code EDGE_RUN} singles off the edge node, so
 * a pop opens one small element and a node is opened once per {@code EDGE_RUN} pops; a pipelined run of
 * pops instead takes elements off the edge node itself ({@link #popElement}), leaving a slice of it, and
 * opens the node once for the run. Nothing here does crypto; {@link ListPacker} does, for the commands,
 * and {@link EdgeJob} packs and unpacks the edges of a hot list after the command that made it due,
 * outside the lock.
 *
 * <p>A small list is instead one block in an array of its own rewritten in place ({@link #storeSmall}), so
 * that its pushes and pops leave no array behind to die old (the commands' {@code SmallLists} decide when,
 * and do its crypto): it shows itself as one node (a copy: {@link #segment}, {@link #segments}) and
 * becomes that node, in segments, at its first change by segment ({@link #expand}).
 *
 * <p>Changed only under the keyspace lock. {@link #version()} counts changes, so a command can read the
 * segments under the lock, work on them outside it, and commit only if nothing changed in between.
 */
public final class SealedList implements CollectionValue {
    /** Singles kept at an edge: packing leaves this many, splitting a node makes this many. */
    public static final int EDGE_RUN = 32;
    private static final int SINGLE = 0;
    private static final int NODE = 1;
    private static final int SLICE = 2;
    private static final int MAX_SEGMENT_BYTES = Integer.MAX_VALUE - 16;

    private final CollectionIdentity identity;
    /** Small form: the whole list as one block of at least 2 elements in room[0, roomLength), no segments. */
    private byte[] room;
    private int roomLength;
    private int roomPlain;
    private Object[] segments = new Object[8];
    private int head;
    private int count;
    private long size;
    private long sealedBytes;
    private int nodes;
    private long version;
    private long shift;
    private int headRun;
    private int tailRun;
    private boolean headClaimed;
    private boolean tailClaimed;
    private boolean headPopped;
    private boolean tailPopped;

    public SealedList(CollectionIdentity identity) {
        this.identity = identity;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public CollectionIdentity identity() {
        return identity;
    }

    /** Redis 7.0 encodes every list as a quicklist (the listpack encoding of small lists came with 7.2). */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long memoryBytes() {
        return 48 + 16 + 4L * segments.length + sealedBytes + 16L * count + 24L * nodes
                + (room == null ? 0 : 16L + room.length);
    }

    /** True while the list is in its small form: one block rewritten in place ({@link #storeSmall}). */
    public boolean small() {
        return room != null;
    }

    /** Stores a new sealed block of {@code elements} (at least 2) as the whole list, which holds no segments. */
    public void storeSmall(byte[] sealed, int elements, int plainBytes) {
        if (count != 0 || elements < 2) {
            throw new IllegalStateException("small form: segments present or too few elements");
        }
        byte[] stored = BlockRoom.storeWithMoreRoom(room, sealed);
        if (stored != room) { // see BlockRoom.store
            room = stored;
        }
        roomLength = sealed.length;
        roomPlain = plainBytes;
        size = elements;
        version++;
    }

    /** The plaintext bytes of the small form's block (its elements' encoded sizes); 0 when not small. */
    public int smallPlainBytes() {
        return roomPlain;
    }

    /** Leaves the small form with no elements (the list emptied, or to be refilled with segments). */
    public void dropSmall() {
        room = null;
        roomLength = 0;
        roomPlain = 0;
        size = 0;
        version++;
    }

    /** Turns the small form into one node segment (no crypto: the block is the node's). */
    public void expand() {
        if (room == null) {
            return;
        }
        ListNode node = smallNode();
        dropSmall();
        addLast(node);
    }

    private ListNode smallNode() {
        return new ListNode(BlockRoom.copy(room, roomLength), (int) size, roomPlain);
    }

    /** Bytes of sealed segments (the small form's block not counted). */
    public long sealedBytes() {
        return sealedBytes;
    }

    int nodeCount() {
        return nodes;
    }

    /** Changes made so far; a snapshot taken at one version is valid while the version stays. */
    public long version() {
        return version;
    }

    public int segmentCount() {
        return room != null ? 1 : count;
    }

    public Object segment(int index) {
        return room != null ? smallNode() : at(index);
    }

    private Object at(int index) {
        return segments[(head + index) & (segments.length - 1)];
    }

    /** Every segment, in order: a snapshot to work on outside the lock. */
    public Object[] segments() {
        if (room != null) {
            return new Object[] {smallNode()};
        }
        Object[] copy = new Object[count];
        for (int i = 0; i < count; i++) {
            copy[i] = at(i);
        }
        return copy;
    }

    /** Elements in a segment. */
    public static int countOf(Object segment) {
        return segment instanceof ListNode node ? node.count() : 1;
    }

    static byte[] sealedOf(Object segment) {
        return segment instanceof ListNode node ? node.sealed() : (byte[]) segment;
    }

    public void addFirst(Object segment) {
        expand();
        grow();
        head = (head - 1) & (segments.length - 1);
        segments[head] = segment;
        boolean single = segment instanceof byte[];
        tailRun += single && tailRun == count ? 1 : 0;
        headRun = single ? headRun + 1 : 0;
        count++;
        shift++;
        added(segment);
    }

    public void addLast(Object segment) {
        expand();
        grow();
        segments[(head + count) & (segments.length - 1)] = segment;
        boolean single = segment instanceof byte[];
        headRun += single && headRun == count ? 1 : 0;
        tailRun = single ? tailRun + 1 : 0;
        count++;
        added(segment);
    }

    public Object removeFirst() {
        expand();
        Object segment = segments[head];
        segments[head] = null;
        head = (head + 1) & (segments.length - 1);
        tailRun -= tailRun == count ? 1 : 0;
        count--;
        shift--;
        headRun = segment instanceof byte[] ? headRun - 1 : countRun(true);
        removed(segment);
        return segment;
    }

    public Object removeLast() {
        expand();
        int at = (head + count - 1) & (segments.length - 1);
        Object segment = segments[at];
        segments[at] = null;
        headRun -= headRun == count ? 1 : 0;
        count--;
        tailRun = segment instanceof byte[] ? tailRun - 1 : countRun(false);
        removed(segment);
        return segment;
    }

    /**
     * Takes the element at the head (or tail) off without opening anything: a single goes, a node gives
     * up its edge element and stays as a slice of its block ({@link ListNode}) unless that was its last.
     * The element is then still sealed in the returned segment, for the caller to open.
     */
    public PoppedElement popElement(boolean atHead) {
        Object edge = atHead ? removeFirst() : removeLast();
        if (!(edge instanceof ListNode node)) {
            return new PoppedElement(edge, 0);
        }
        ListNode rest = atHead ? node.withoutFirst() : node.withoutLast();
        if (rest != null && atHead) {
            addFirst(rest);
        } else if (rest != null) {
            addLast(rest);
        }
        return new PoppedElement(node, atHead ? node.first() : node.first() + node.count() - 1);
    }

    /**
     * Replaces segments {@code [from, to)} with {@code with}, in place from the nearer end: the segments
     * between that end and the change are lifted off and put back, so packing or unpacking near an edge
     * costs the segments it touches, not the length of the list.
     */
    public void splice(int from, int to, List<Object> with) {
        expand();
        if (from <= count - to) {
            Object[] outer = new Object[from];
            for (int i = 0; i < from; i++) {
                outer[i] = removeFirst();
            }
            for (int i = from; i < to; i++) {
                removeFirst();
            }
            for (int i = with.size() - 1; i >= 0; i--) {
                addFirst(with.get(i));
            }
            for (int i = from - 1; i >= 0; i--) {
                addFirst(outer[i]);
            }
        } else {
            int after = count - to;
            Object[] outer = new Object[after];
            for (int i = after - 1; i >= 0; i--) {
                outer[i] = removeLast();
            }
            for (int i = from; i < to; i++) {
                removeLast();
            }
            with.forEach(this::addLast);
            for (Object segment : outer) {
                addLast(segment);
            }
        }
    }

    /** Notes a pop at the head (or tail): reads then leave singles there ({@link EdgeJob#packingForReads}). */
    public void notePop(boolean atHead) {
        if (atHead) {
            headPopped = true;
        } else {
            tailPopped = true;
        }
    }

    /** Whether the head (or tail) of this list was ever popped ({@link #notePop}). */
    boolean popped(boolean atHead) {
        return atHead ? headPopped : tailPopped;
    }

    /** Single segments in a row at the head (or tail), kept up to date by every change. */
    public int edgeRun(boolean atHead) {
        if (room != null) {
            return 0;
        }
        return atHead ? headRun : tailRun;
    }

    /** The singles at an edge counted one by one, once the segment that bounded them is gone. */
    private int countRun(boolean atHead) {
        int run = 0;
        while (run < count && at(atHead ? run : count - 1 - run) instanceof byte[]) {
            run++;
        }
        return run;
    }

    /**
     * A position that stays with its segment while segments come and go at either edge: the segment at
     * {@code index} now is found at {@link #position(long)} of the returned value later, unless segments
     * were replaced in between (which {@link EdgeJob} checks by identity).
     */
    long mark(int index) {
        return index - shift;
    }

    /** The index now of the segment {@link #mark(int) marked} earlier. */
    long position(long mark) {
        return mark + shift;
    }

    /**
     * Claims the right to re-encode the head (or tail) outside the lock; false while another command
     * holds it. Not part of the list's contents: copies and payloads ignore it.
     */
    boolean claim(boolean atHead) {
        boolean taken = atHead ? headClaimed : tailClaimed;
        if (atHead) {
            headClaimed = true;
        } else {
            tailClaimed = true;
        }
        return !taken;
    }

    void release(boolean atHead) {
        if (atHead) {
            headClaimed = false;
        } else {
            tailClaimed = false;
        }
    }

    /**
     * Where element {@code index} (0 .. size-1) is: the segment index in the high 32 bits, the position
     * inside it in the low 32, walking from the nearer end.
     */
    public long locate(long index) {
        if (room != null) {
            return index;
        }
        if (index < size / 2) {
            long before = 0;
            for (int i = 0; ; i++) {
                int n = countOf(at(i));
                if (index < before + n) {
                    return ((long) i << 32) | (index - before);
                }
                before += n;
            }
        }
        long after = size;
        for (int i = count - 1; ; i--) {
            int n = countOf(at(i));
            after -= n;
            if (index >= after) {
                return ((long) i << 32) | (index - after);
            }
        }
    }

    private void grow() {
        if (count + 1 < segments.length) {
            return;
        }
        Object[] next = new Object[segments.length * 2];
        for (int i = 0; i < count; i++) {
            next[i] = at(i);
        }
        segments = next;
        head = 0;
    }

    private void added(Object segment) {
        nodes += segment instanceof ListNode ? 1 : 0;
        size += countOf(segment);
        sealedBytes += sealedOf(segment).length;
        version++;
    }

    private void removed(Object segment) {
        nodes -= segment instanceof ListNode ? 1 : 0;
        size -= countOf(segment);
        sealedBytes -= sealedOf(segment).length;
        version++;
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        SealedList copy = new SealedList(to.identity());
        Object[] all = segments();
        for (Object segment : all) {
            if (segment instanceof ListNode node && node.sliced()) {
                copy.addLast(ListPacker.resealed(from, to, node));
                continue;
            }
            byte[] plaintext = from.open(sealedOf(segment));
            try {
                byte[] sealed = to.seal(plaintext);
                copy.addLast(segment instanceof ListNode node ? new ListNode(sealed, node.count(), node.plainBytes())
                        : sealed);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        return copy;
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
        if (room != null) {
            action.accept(BlockRoom.copy(room, roomLength));
        }
        for (int i = 0; i < count; i++) {
            action.accept(sealedOf(at(i)));
        }
    }

    /**
     * The payload: identity id (long) and token version (int), the segment count (int), then per segment
     * a tag byte (0 single, 1 node, 2 sliced node), for a node its element count and block length (ints),
     * for a sliced node those then the index of its first element in the block and the block's element
     * count (ints), and the sealed array as its length (int) and bytes.
     */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeLong(identity.id());
        out.writeInt(identity.tokenVersion());
        Object[] all = segments();
        out.writeInt(all.length);
        for (Object segment : all) {
            if (segment instanceof ListNode node) {
                out.writeByte(node.sliced() ? SLICE : NODE);
                out.writeInt(node.count());
                out.writeInt(node.plainBytes());
                if (node.sliced()) {
                    out.writeInt(node.first());
                    out.writeInt(node.blockCount());
                }
            } else {
                out.writeByte(SINGLE);
            }
            byte[] sealed = sealedOf(segment);
            out.writeInt(sealed.length);
            out.write(sealed);
        }
    }

    /** Reads what {@link #writePayload} wrote; an empty or inconsistent payload is refused. */
    public static SealedList readPayload(DataInput in) throws IOException {
        long id = in.readLong();
        int tokenVersion = in.readInt();
        if (id >= 0) {
            throw new IOException("list payload: bad collection id");
        }
        SealedList list = new SealedList(new CollectionIdentity(id, tokenVersion));
        int segments = in.readInt();
        if (segments <= 0) {
            throw new IOException("list payload: no elements");
        }
        List<Object> read = new ArrayList<>(Math.min(segments, 1024));
        for (int i = 0; i < segments; i++) {
            int tag = in.readUnsignedByte();
            int elements = 1;
            int plainBytes = 0;
            int first = 0;
            int blockCount = 1;
            if (tag == NODE || tag == SLICE) {
                elements = in.readInt();
                plainBytes = in.readInt();
                first = tag == SLICE ? in.readInt() : 0;
                blockCount = tag == SLICE ? in.readInt() : elements;
                if (elements < (tag == NODE ? 2 : 1) || blockCount < 2 || first < 0 || blockCount - first < elements
                        || (tag == SLICE && elements == blockCount) || plainBytes < blockCount) {
                    throw new IOException("list payload: bad node header");
                }
            } else if (tag != SINGLE) {
                throw new IOException("list payload: unknown segment tag " + tag);
            }
            int length = in.readInt();
            if (length <= 0 || length > MAX_SEGMENT_BYTES) {
                throw new IOException("list payload: bad segment length");
            }
            byte[] sealed = readBytes(in, length);
            read.add(tag == SINGLE ? sealed : new ListNode(sealed, elements, plainBytes, first, blockCount));
        }
        read.forEach(list::addLast);
        return list;
    }

    /** Reads in chunks, so a length that lies is refused at the end of the input, not by a huge allocation. */
    private static byte[] readBytes(DataInput in, int length) throws IOException {
        byte[] out = new byte[Math.min(length, 1 << 16)];
        int filled = 0;
        while (filled < length) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
            }
            int n = Math.min(out.length - filled, length - filled);
            in.readFully(out, filled, n);
            filled += n;
        }
        return out;
    }
}
