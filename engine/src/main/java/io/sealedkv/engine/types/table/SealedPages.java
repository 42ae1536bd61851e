package io.sealedkv.engine.types.table;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sealed arrays at dense indexes 0..size-1, packed {@value #PAGE} to a byte array: page {@code p}
 * holds the records of indexes {@code p * PAGE} onwards back to back, each the sealed length as an
 * unsigned LEB128 varint, then the sealed bytes. An array of its own per element costs a 16-byte
 * header and up to 7 bytes of alignment, half again the 44 sealed bytes of a 10-byte member; a record
 * costs one length byte (two past 127), and a page's header is shared by {@value #PAGE} elements.
 *
 * <p>Arrays longer than {@value #MAX_PACKED} bytes stay arrays of their own (length 0 in the page,
 * the array in a side table by index), so that rebuilding a page when one of its records changes
 * length copies a few kilobytes at most and no page becomes a humongous object.
 *
 * <p>{@link #get} returns a copy of a packed record (sealed bytes: nothing in clear), so the arrays
 * callers hold are never changed by later writes, as {@code CollectionValue} promises. Reading a
 * record walks the lengths of the records before it in its page, from the nearest of the page's marks:
 * where every {@value #MARK_EVERY}th record starts (two bytes per {@value #MARK_EVERY} elements), so
 * a read walks at most {@value #MARK_EVERY} - 1 lengths and touches a few cache lines of its page
 * instead of up to all of them. Full pages are exactly their records' size; the last page grows by
 * doubling. Not thread-safe: used under the keyspace lock.
 */
final class SealedPages implements SealedStore {
    private static final int SHIFT = 5;
    static final int PAGE = 1 << SHIFT;
    private static final int SLOT_MASK = PAGE - 1;
    /** The longest sealed array packed into a page. */
    static final int MAX_PACKED = 512;
    private static final int MARK_SHIFT = 3;
    static final int MARK_EVERY = 1 << MARK_SHIFT;
    /** Marks per page: for records MARK_EVERY, 2 * MARK_EVERY, ... (record 0 starts at 0). */
    private static final int MARKS = PAGE / MARK_EVERY - 1;
    private static final int ARRAY_HEADER = 16;

    private byte[][] pages = new byte[1][];
    private int[] used = new int[1];
    /**
     * Where record {@code (k + 1) * MARK_EVERY} of page {@code p} starts, at {@code p * MARKS + k}; a page
     * is at most PAGE * (MAX_PACKED + 2) bytes, so a char holds it. Marks past a page's last record are stale.
     */
    private char[] marks = new char[MARKS];
    /** The arrays of records longer than MAX_PACKED, by index; null while there is none. */
    private byte[][] apart;
    private int apartCount;
    private int size;
    /** Heap bytes of the pages and of the arrays apart, kept up to date so estimates cost nothing. */
    private long heapBytes = ARRAY_HEADER + 4 + ARRAY_HEADER + 4 + ARRAY_HEADER + 2 * MARKS;

    @Override
    public int size() {
        return size;
    }

    /** The sealed array at {@code index}: a copy of a packed record, or the array kept apart. */
    @Override
    public byte[] get(int index) {
        int p = index >>> SHIFT;
        byte[] page = pages[p];
        int at = offset(p, page, index & SLOT_MASK);
        int length = lengthAt(page, at);
        at += varintLength(length);
        return length == 0 ? apart[index] : Arrays.copyOfRange(page, at, at + length);
    }

    @Override
    public int touch(int index) {
        byte[][] current = pages;
        byte[] page = index >>> SHIFT < current.length ? current[index >>> SHIFT] : null;
        return page == null ? 0 : page.length;
    }

    /** Appends {@code sealed} at index {@link #size()}. */
    @Override
    public void add(byte[] sealed) {
        int index = size;
        int p = index >>> SHIFT;
        if (p == pages.length) {
            resizePageTables(pages.length * 2);
        }
        int length = pack(index, sealed);
        int at = used[p];
        int needed = at + varintLength(length) + length;
        byte[] page = pages[p];
        boolean fills = (index & SLOT_MASK) == SLOT_MASK;
        if (page == null || page.length < needed || (fills && page.length > needed)) {
            int capacity = fills ? needed : Math.max(needed, page == null ? 4 * needed : 2 * page.length);
            page = replacePage(p, page == null ? new byte[capacity] : Arrays.copyOf(page, capacity));
        }
        writeRecord(page, at, sealed, length);
        used[p] = needed;
        int slot = index & SLOT_MASK;
        if (slot != 0 && (slot & (MARK_EVERY - 1)) == 0) {
            marks[p * MARKS + (slot >>> MARK_SHIFT) - 1] = (char) at;
        }
        size++;
    }

    /** Replaces the sealed array at {@code index}. */
    @Override
    public void set(int index, byte[] sealed) {
        int p = index >>> SHIFT;
        byte[] page = pages[p];
        int slot = index & SLOT_MASK;
        int at = offset(p, page, slot);
        int end = skip(page, at);
        unpack(index);
        int length = pack(index, sealed);
        int record = varintLength(length) + length;
        if (record != end - at) {
            int newUsed = used[p] - (end - at) + record;
            byte[] rebuilt = new byte[newUsed];
            System.arraycopy(page, 0, rebuilt, 0, at);
            System.arraycopy(page, end, rebuilt, at + record, used[p] - end);
            page = replacePage(p, rebuilt);
            used[p] = newUsed;
            for (int k = p * MARKS + (slot >>> MARK_SHIFT), lastMark = (p + 1) * MARKS; k < lastMark; k++) {
                marks[k] += record - (end - at);
            }
        }
        writeRecord(page, at, sealed, length);
    }

    /** Removes the array at {@code index}; the last one takes its index. */
    @Override
    public void removeAt(int index) {
        int last = size - 1;
        if (index != last) {
            set(index, get(last));
        }
        unpack(last);
        int p = last >>> SHIFT;
        int slot = last & SLOT_MASK;
        if (slot == 0) {
            replacePage(p, null);
            used[p] = 0;
        } else {
            used[p] = offset(p, pages[p], slot);
        }
        size = last;
        int needed = (size + SLOT_MASK) >>> SHIFT;
        if (pages.length > 4 * needed) {
            resizePageTables(Math.max(1, 2 * needed));
        }
    }

    /** Resizes the arrays kept per page (pages, used, marks) to {@code count} pages. */
    private void resizePageTables(int count) {
        heapBytes += (8L + 2L * MARKS) * (count - pages.length);
        pages = Arrays.copyOf(pages, count);
        used = Arrays.copyOf(used, count);
        marks = Arrays.copyOf(marks, count * MARKS);
    }

    /** Visits every sealed array in index order (as {@link #get} returns them). */
    @Override
    public void forEach(Consumer<byte[]> action) {
        for (int index = 0; index < size; ) {
            byte[] page = pages[index >>> SHIFT];
            int at = 0;
            do {
                int length = lengthAt(page, at);
                at += varintLength(length);
                action.accept(length == 0 ? apart[index] : Arrays.copyOfRange(page, at, at + length));
                at += length;
                index++;
            } while (index < size && (index & SLOT_MASK) != 0);
        }
    }

    /** Heap bytes of the pages, their index arrays and the arrays kept apart. */
    @Override
    public long heapBytes() {
        return heapBytes;
    }

    /**
     * Stores {@code sealed} apart when it is too long to pack (or empty: length 0 marks a record kept
     * apart); returns the length its record gives.
     */
    private int pack(int index, byte[] sealed) {
        if (sealed.length > 0 && sealed.length <= MAX_PACKED) {
            return sealed.length;
        }
        if (apart == null) {
            apart = new byte[Math.max(index + 1, pages.length << SHIFT)][];
            heapBytes += ARRAY_HEADER + 4L * apart.length;
        } else if (apart.length <= index) {
            int capacity = Math.max(index + 1, pages.length << SHIFT);
            heapBytes += 4L * (capacity - apart.length);
            apart = Arrays.copyOf(apart, capacity);
        }
        apart[index] = sealed;
        apartCount++;
        heapBytes += ARRAY_HEADER + sealed.length;
        return 0;
    }

    /** Forgets the array kept apart for {@code index}, if any, and the side table with the last one. */
    private void unpack(int index) {
        if (apart != null && index < apart.length && apart[index] != null) {
            heapBytes -= ARRAY_HEADER + apart[index].length;
            apart[index] = null;
            if (--apartCount == 0) {
                heapBytes -= ARRAY_HEADER + 4L * apart.length;
                apart = null;
            }
        }
    }

    private byte[] replacePage(int p, byte[] page) {
        byte[] old = pages[p];
        heapBytes += (page == null ? 0 : ARRAY_HEADER + page.length) - (old == null ? 0 : ARRAY_HEADER + old.length);
        pages[p] = page;
        return page;
    }

    private static void writeRecord(byte[] page, int at, byte[] sealed, int length) {
        int n = length;
        while ((n & ~0x7f) != 0) {
            page[at++] = (byte) ((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        page[at++] = (byte) n;
        System.arraycopy(sealed, 0, page, at, length);
    }

    /** Where the record of {@code slot} starts in {@code page}, page {@code p}: from the mark at or before it. */
    private int offset(int p, byte[] page, int slot) {
        int mark = slot >>> MARK_SHIFT;
        int at = mark == 0 ? 0 : marks[p * MARKS + mark - 1];
        for (int i = slot & (MARK_EVERY - 1); i > 0; i--) {
            at = skip(page, at);
        }
        return at;
    }

    /** Where the record after the one starting at {@code at} starts. */
    private static int skip(byte[] page, int at) {
        int length = lengthAt(page, at);
        return at + varintLength(length) + length;
    }

    /** The length in the record starting at {@code at} (written by {@link #writeRecord}: the shortest varint). */
    private static int lengthAt(byte[] page, int at) {
        int length = 0;
        int shift = 0;
        byte b;
        do {
            b = page[at++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return length;
    }

    private static int varintLength(int n) {
        return n < 1 << 7 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : n < 1 << 28 ? 4 : 5;
    }
}
