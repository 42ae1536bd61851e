package io.sealedkv.engine.types.table;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sealed arrays at dense indexes 0..size-1, each in a cell of the table's own pages, for elements replaced
 * by values of any length (a hash's pairs). A cell holds the length (2 bytes) and the bytes, rounded up
 * to 8 (its size class). A value that fits the cell is written into it; any other moves to a cell of its
 * class, from that class's free list or the end of the last page, and its old cell joins its class's
 * free list (linked through the free cells themselves). The pages live as long as the table, so writes
 * only copy bytes into old arrays and the freshly sealed array a caller passes dies young. With an array
 * per element, a value that changed length replaced it: each new array survived a few young collections,
 * reached the old generation and left it as garbage at its next write (a 100k-field hash under HSETs of
 * 40-200 bytes: RSS 650-700 MB; BENCHMARKS.md, session 16).
 *
 * <p>A table's elements move here from arrays once they fill a page ({@link TokenTable#rewritable}): below
 * that, pages cost more than arrays. The first page starts small and doubles up to {@value #PAGE} bytes;
 * pages are full size after that. When free cells and page tails exceed the live cells by
 * more than a page (in a table of less than a page, by its live cells and a first page), every cell is
 * copied into fresh pages (compaction), which bounds the memory to about twice the live bytes (three
 * times, for a table of less than a page) at an amortized constant cost per write. Arrays longer than
 * {@value #MAX_CELL} bytes stay arrays of their own (address {@value #APART}, the array in a side table by
 * index).
 * {@link #get} hands out copies, so no caller holds bytes a later write changes. Not thread-safe: used
 * under the keyspace lock, except {@link #touch}, which only reads.
 */
final class SealedSlabs implements SealedStore {
    static final int PAGE = 64 * 1024;
    /** The longest sealed array kept in a cell. */
    static final int MAX_CELL = 2048;
    private static final int PREFIX = 2;
    private static final int UNIT_SHIFT = 3;
    private static final int OFFSET_BITS = 16 - UNIT_SHIFT;
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    private static final int MAX_PAGES = 1 << (31 - OFFSET_BITS);
    private static final int FIRST_PAGE = 512;
    private static final int APART = -1;
    /** The end of a free list. */
    private static final int NONE = -1;
    private static final int ARRAY_HEADER = 16;

    /** Per index: the cell's page in the high bits and its offset in 8-byte units in the low, or APART. */
    private int[] addresses;
    private int size;
    private byte[][] pages = new byte[1][];
    private int pageCount;
    /** Where the next cell starts in the last page. */
    private int top;
    /** Per size class (cell bytes / 8), the address of the first free cell or NONE; null until a cell is freed. */
    private int[] freeHeads;
    private long liveCellBytes;
    private long pageBytes;
    /** The arrays longer than MAX_CELL, by index; null while there is none. */
    private byte[][] apart;
    private int apartCount;
    private long apartBytes;

    SealedSlabs(int capacity) {
        addresses = new int[Math.max(capacity, 4)];
    }

    /** The elements of {@code arrays}, at the same indexes, copied into cells. */
    static SealedSlabs of(SealedArrays arrays) {
        SealedSlabs slabs = new SealedSlabs(arrays.size());
        arrays.forEachStored(slabs::add);
        return slabs;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] get(int index) {
        int address = addresses[index];
        if (address == APART) {
            return apart[index].clone();
        }
        byte[] page = pages[address >>> OFFSET_BITS];
        int at = offset(address);
        return Arrays.copyOfRange(page, at + PREFIX, at + PREFIX + lengthAt(page, at));
    }

    @Override
    public int touch(int index) {
        int[] current = addresses;
        if (index < 0 || index >= current.length) {
            return 0;
        }
        int address = current[index];
        if (address == APART) {
            byte[][] arrays = apart;
            byte[] array = arrays != null && index < arrays.length ? arrays[index] : null;
            return array == null ? 0 : array.length;
        }
        byte[][] currentPages = pages;
        int p = address >>> OFFSET_BITS;
        byte[] page = p < currentPages.length ? currentPages[p] : null;
        int at = offset(address);
        return page == null || at + 1 >= page.length ? 0 : lengthAt(page, at);
    }

    @Override
    public void add(byte[] sealed) {
        if (size == addresses.length) {
            addresses = Arrays.copyOf(addresses, size + (size >> 1) + 1);
        }
        addresses[size] = place(size, sealed);
        size++;
    }

    @Override
    public void set(int index, byte[] sealed) {
        int address = addresses[index];
        if (address != APART && sealed.length <= MAX_CELL) {
            byte[] page = pages[address >>> OFFSET_BITS];
            int at = offset(address);
            if (cellSize(lengthAt(page, at)) == cellSize(sealed.length)) {
                write(page, at, sealed);
                return;
            }
        }
        release(index);
        addresses[index] = place(index, sealed);
        compactIfSparse();
    }

    @Override
    public void removeAt(int index) {
        release(index);
        int last = --size;
        addresses[index] = addresses[last];
        if (apart != null && index != last && last < apart.length) {
            apart[index] = apart[last];
            apart[last] = null;
        }
        if (addresses.length > 8 && size < addresses.length / 4) {
            addresses = Arrays.copyOf(addresses, Math.max(size + (size >> 1), 4));
        }
        compactIfSparse();
    }

    @Override
    public void forEach(Consumer<byte[]> action) {
        for (int i = 0; i < size; i++) {
            action.accept(get(i));
        }
    }

    @Override
    public long heapBytes() {
        long apartTable = apart == null ? 0 : ARRAY_HEADER + 4L * apart.length;
        return ARRAY_HEADER + 4L * addresses.length + ARRAY_HEADER + 4L * pages.length + pageBytes + apartTable
                + apartBytes + (freeHeads == null ? 0 : ARRAY_HEADER + 4L * freeHeads.length);
    }

    /** The bytes the pages hold, free cells and unused tails included. */
    long pageBytes() {
        return pageBytes;
    }

    /** Stores {@code sealed} for {@code index} in a new cell, or apart; its address. */
    private int place(int index, byte[] sealed) {
        int address = sealed.length <= MAX_CELL ? allocate(cellSize(sealed.length)) : APART;
        if (address == APART) {
            keepApart(index, sealed);
        } else {
            write(pages[address >>> OFFSET_BITS], offset(address), sealed);
            liveCellBytes += cellSize(sealed.length);
        }
        return address;
    }

    /** Frees the cell or the array apart of {@code index}. */
    private void release(int index) {
        int address = addresses[index];
        if (address == APART) {
            apartBytes -= ARRAY_HEADER + apart[index].length;
            apart[index] = null;
            if (--apartCount == 0) {
                apart = null;
            }
            return;
        }
        byte[] page = pages[address >>> OFFSET_BITS];
        int at = offset(address);
        int cellSize = cellSize(lengthAt(page, at));
        liveCellBytes -= cellSize;
        int sizeClass = cellSize >>> UNIT_SHIFT;
        if (freeHeads == null) {
            freeHeads = new int[(cellSize(MAX_CELL) >>> UNIT_SHIFT) + 1];
            Arrays.fill(freeHeads, NONE);
        }
        writeInt(page, at, freeHeads[sizeClass]);
        freeHeads[sizeClass] = address;
    }

    /** A cell of {@code cellSize} bytes: a free one of its class, else at the end of the last page; or APART. */
    private int allocate(int cellSize) {
        int sizeClass = cellSize >>> UNIT_SHIFT;
        if (freeHeads != null && freeHeads[sizeClass] != NONE) {
            int address = freeHeads[sizeClass];
            freeHeads[sizeClass] = readInt(pages[address >>> OFFSET_BITS], offset(address));
            return address;
        }
        if (pageCount == 0 || top + cellSize > PAGE) {
            if (pageCount == MAX_PAGES) {
                return APART;
            }
            addPage(cellSize);
        }
        byte[] page = pages[pageCount - 1];
        if (top + cellSize > page.length) {
            int capacity = Math.min(PAGE, Math.max(2 * page.length, top + cellSize));
            pageBytes += capacity - page.length;
            pages[pageCount - 1] = Arrays.copyOf(page, capacity);
        }
        int address = ((pageCount - 1) << OFFSET_BITS) | (top >>> UNIT_SHIFT);
        top += cellSize;
        return address;
    }

    private void addPage(int cellSize) {
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, 2 * pageCount);
        }
        int capacity = pageCount == 0 ? Math.max(FIRST_PAGE, cellSize) : PAGE;
        pages[pageCount++] = new byte[capacity];
        pageBytes += ARRAY_HEADER + capacity;
        top = 0;
    }

    /**
     * Copies every cell into fresh pages when free cells and page tails outweigh the live cells by a page,
     * or, in a table of less than a page, by its live cells and a first page: with a page of slack, a table
     * of a few fields rewritten with values of changing lengths grew its page to 64 KiB of freed cells of
     * other size classes (3000 hashes of 10 fields of 70-1500 bytes, 100 HSETs each: 110 -> 57 MB).
     */
    private void compactIfSparse() {
        long used = pageBytes - (long) ARRAY_HEADER * pageCount;
        if (used - liveCellBytes <= liveCellBytes + Math.min(PAGE, liveCellBytes + FIRST_PAGE)) {
            return;
        }
        byte[][] old = pages;
        pages = new byte[1][];
        pageCount = 0;
        pageBytes = 0;
        freeHeads = null;
        for (int i = 0; i < size; i++) {
            int address = addresses[i];
            if (address != APART) {
                byte[] page = old[address >>> OFFSET_BITS];
                int at = offset(address);
                int cellSize = cellSize(lengthAt(page, at));
                int moved = allocate(cellSize);
                System.arraycopy(page, at, pages[moved >>> OFFSET_BITS], offset(moved), cellSize);
                addresses[i] = moved;
            }
        }
    }

    private void keepApart(int index, byte[] sealed) {
        if (apart == null) {
            apart = new byte[addresses.length][];
        } else if (apart.length <= index) {
            apart = Arrays.copyOf(apart, addresses.length);
        }
        apart[index] = sealed;
        apartCount++;
        apartBytes += ARRAY_HEADER + sealed.length;
    }

    private static int offset(int address) {
        return (address & OFFSET_MASK) << UNIT_SHIFT;
    }

    static int cellSize(int length) {
        return (PREFIX + length + 7) & ~7;
    }

    private static int lengthAt(byte[] page, int at) {
        return (page[at] & 0xff) << 8 | (page[at + 1] & 0xff);
    }

    private static void write(byte[] page, int at, byte[] sealed) {
        page[at] = (byte) (sealed.length >>> 8);
        page[at + 1] = (byte) sealed.length;
        System.arraycopy(sealed, 0, page, at + PREFIX, sealed.length);
    }

    private static void writeInt(byte[] page, int at, int value) {
        page[at] = (byte) (value >>> 24);
        page[at + 1] = (byte) (value >>> 16);
        page[at + 2] = (byte) (value >>> 8);
        page[at + 3] = (byte) value;
    }

    private static int readInt(byte[] page, int at) {
        return (page[at] & 0xff) << 24 | (page[at + 1] & 0xff) << 16 | (page[at + 2] & 0xff) << 8 | (page[at + 3] & 0xff);
    }
}
