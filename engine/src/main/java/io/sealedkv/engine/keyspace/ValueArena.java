package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sealed string values of one {@link KeyTable}, kept outside the Java heap in direct pages, so that
 * writing a value leaves nothing for the young collector to copy and nothing old pointing at something
 * young for it to scan (young pauses under writes were mostly the copying of the values written since
 * the last one), and the values are not counted in the heap headroom the collector keeps.
 * Only sealed bytes are kept here, exactly as the codec produced them; a reader gets a copy.
 *
 * <p>Layout: pages of {@value #PAGE_SIZE} bytes, filled front to back; a value takes a cell of its size
 * class (its length plus a 2-byte length prefix, rounded up to 8 bytes), addressed by an int: page + 1
 * in the high bits, the cell's offset in 8-byte units in the low {@value #OFFSET_BITS} (0: no cell). A
 * freed cell is zeroed and kept on its class's free list for the next value of that class, as a slab
 * allocator does; pages are given back when the table is dropped (FLUSHDB, FLUSHALL) and the collector
 * frees their buffers. Values longer than {@value #MAX_VALUE} bytes stay on the heap, and so do all
 * values once {@value #MAX_PAGES} pages are in use or direct memory ({@code -XX:MaxDirectMemorySize},
 * by default the maximum heap size) is exhausted.
 *
 * <p>Under the keyspace lock, like its table. The one exception is a snapshot writing in the background:
 * while its {@link FreeGate} is closed, freed cells wait on a deferred list instead of being reused, so
 * the cells the snapshot captured keep their bytes and it can {@link #read} them without the lock.
 */
public final class ValueArena {
    static final int PAGE_SIZE = 256 * 1024;
    static final int OFFSET_BITS = 15;
    static final int MAX_PAGES = (1 << (31 - OFFSET_BITS)) - 1;
    /** The longest sealed value kept here: a cell is at most a small share of a page. */
    static final int MAX_VALUE = 8192;
    private static final int PREFIX = 2;
    private static final byte[] ZEROS = new byte[cellSize(MAX_VALUE)];

    private final FreeGate gate;
    private ByteBuffer[] pages = new ByteBuffer[4];
    private int pageCount;
    /** Where the next cell starts in the last page. */
    private int top = PAGE_SIZE;
    /** Free cells per size class (index: cell size / 8), each a stack of addresses. */
    private final int[][] free = new int[cellSize(MAX_VALUE) / 8 + 1][];
    private final int[] freeCount = new int[free.length];
    private int[] deferred = new int[0];
    private int deferredCount;
    private long cellBytes;

    ValueArena(FreeGate gate) {
        this.gate = gate;
    }

    /** Whether a sealed value of {@code length} bytes is kept in an arena. */
    static boolean fits(int length) {
        return length <= MAX_VALUE;
    }

    /** The bytes a value of {@code length} takes in an arena: its cell. */
    static int cellSize(int length) {
        return (length + PREFIX + 7) & ~7;
    }

    /** Copies {@code sealed} into a cell; its address, or 0 when it must stay on the heap. */
    int store(byte[] sealed) {
        return store(sealed, 0, sealed.length);
    }

    /**
     * As {@link #store(byte[])} for the value held by {@code length} bytes at {@code start} of {@code from}
     * (a reader's reused buffer, so a value need not be copied into an array of its own first).
     */
    int store(byte[] from, int start, int length) {
        Objects.checkFromIndexSize(start, length, from.length);
        if (!fits(length)) {
            return 0;
        }
        int size = cellSize(length);
        int address = take(size);
        if (address == 0) {
            return 0;
        }
        ByteBuffer page = pageOf(address);
        int offset = offset(address);
        page.putShort(offset, (short) length);
        page.put(offset + PREFIX, from, start, length);
        cellBytes += size;
        return address;
    }

    /**
     * A copy of the value at {@code address}. Under the lock, or without it for a cell captured while
     * the {@link FreeGate} is closed.
     */
    public byte[] read(int address) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address);
        byte[] sealed = new byte[Short.toUnsignedInt(page.getShort(offset))];
        page.get(offset + PREFIX, sealed, 0, sealed.length);
        return sealed;
    }

    /** The length of the value at {@code address}. */
    int length(int address) {
        return Short.toUnsignedInt(pageOf(address).getShort(offset(address)));
    }

    /** Whether the value at {@code address} is {@code sealed}, byte for byte. */
    boolean holds(int address, byte[] sealed) {
        if (length(address) != sealed.length) {
            return false;
        }
        ByteBuffer cell = pageOf(address).slice(offset(address) + PREFIX, sealed.length);
        return cell.mismatch(ByteBuffer.wrap(sealed)) < 0;
    }

    /** The data key version the envelope at {@code address} names, read in place (see {@link EnvelopeV1#keyVersion}). */
    int keyVersion(int address) {
        return EnvelopeV1.keyVersion(pageOf(address), offset(address) + PREFIX, length(address));
    }

    /**
     * The first byte of the value at {@code address}, read without the lock to bring it into the cache
     * (see {@link KeyTable#touch}): a racy read, so an address that is stale or of another arena reads
     * some byte of a page or 0, never fails.
     */
    byte peek(int address) {
        ByteBuffer[] seen = pages;
        int page = (address >>> OFFSET_BITS) - 1;
        if (page < 0 || page >= seen.length || seen[page] == null) {
            return 0;
        }
        return seen[page].get(offset(address) + PREFIX);
    }

    /** Gives back the cell at {@code address}; its bytes stay until no snapshot can read them. */
    void free(int address) {
        cellBytes -= cellSize(length(address));
        if (gate.deferring()) {
            if (deferredCount == 0) {
                gate.deferred(this);
            }
            if (deferredCount == deferred.length) {
                deferred = Arrays.copyOf(deferred, Math.max(16, deferredCount * 2));
            }
            deferred[deferredCount++] = address;
        } else {
            recycle(address);
        }
    }

    /** Recycles the cells freed while the gate was closed; the gate calls it when it opens. */
    void releaseDeferred() {
        for (int i = 0; i < deferredCount; i++) {
            recycle(deferred[i]);
        }
        deferredCount = 0;
        deferred = new int[0];
    }

    /** The bytes the live cells take. */
    long cellBytes() {
        return cellBytes;
    }

    /** The bytes of the pages allocated, live cells, free cells and unused tails alike. */
    long pageBytes() {
        return (long) pageCount * PAGE_SIZE;
    }

    private ByteBuffer pageOf(int address) {
        return pages[(address >>> OFFSET_BITS) - 1];
    }

    private static int offset(int address) {
        return (address & ((1 << OFFSET_BITS) - 1)) << 3;
    }

    /** Pages in use; with {@link #page}, what a test searches for plaintext that should not be here. */
    int pageCount() {
        return pageCount;
    }

    /** A read-only view of page {@code index}. */
    ByteBuffer page(int index) {
        return pages[index].asReadOnlyBuffer();
    }

    private void recycle(int address) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address);
        int size = cellSize(Short.toUnsignedInt(page.getShort(offset)));
        page.put(offset, ZEROS, 0, size);
        int sizeClass = size >>> 3;
        int[] stack = free[sizeClass];
        if (stack == null || freeCount[sizeClass] == stack.length) {
            stack = stack == null ? new int[16] : Arrays.copyOf(stack, stack.length * 2);
            free[sizeClass] = stack;
        }
        stack[freeCount[sizeClass]++] = address;
    }

    private int take(int size) {
        int sizeClass = size >>> 3;
        if (freeCount[sizeClass] > 0) {
            return free[sizeClass][--freeCount[sizeClass]];
        }
        if (top + size > PAGE_SIZE && !addPage()) {
            return 0;
        }
        int address = (pageCount << OFFSET_BITS) | (top >>> 3);
        top += size;
        return address;
    }

    /** False when no page can be added: the address space is used up, or direct memory is. */
    private boolean addPage() {
        if (pageCount == MAX_PAGES) {
            return false;
        }
        ByteBuffer page;
        try {
            page = ByteBuffer.allocateDirect(PAGE_SIZE);
        } catch (OutOfMemoryError e) {
            // -XX:MaxDirectMemorySize reached: the value stays on the heap, as a long one does.
            return false;
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[pageCount++] = page;
        top = 0;
        return true;
    }
}
