package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cells of one {@link KeyTable}'s string keys: each holds a key's name and its sealed value, outside
 * the Java heap in direct pages, so that writing a value leaves nothing for the young collector to copy
 * and nothing old pointing at something young for it to scan (young pauses under writes were mostly the
 * copying of the values written since the last one), and neither names nor values are counted in the
 * heap headroom the collector keeps. A key with a string value costs its cell and its bucket slot, and no
 * Java object: the cell also holds the key's fields (see {@link Entry}), and lookups hand out views of it.
 * Only sealed values are kept here, exactly as the codec produced them; a reader gets a copy.
 *
 * <p>Layout: pages of {@value #PAGE_SIZE} bytes, filled front to back; a cell holds a {@value #HEADER}-byte
 * header (the key's chain link in its {@link KeyTable}, its access field, its origin and expiry slot, 4
 * bytes each), the name's length (2 bytes), the name, the value's length (2 bytes) and the value,
 * rounded up to 8 bytes (its size class), and is addressed by an int: page + 1 in the high bits, the cell's offset in 8-byte units in the
 * low {@value #OFFSET_BITS} (0: no cell). A freed cell is zeroed and kept on its class's free list for
 * the next cell of that class, as a slab allocator does; pages are given back when the table is dropped
 * (FLUSHDB, FLUSHALL) and the collector frees their buffers. Names longer than {@value #MAX_KEY} bytes,
 * values longer than {@value #MAX_VALUE} bytes and collections stay on the heap (see {@link Entry}), and
 * so does everything once {@value #MAX_PAGES} pages are in use or direct memory
 * ({@code -XX:MaxDirectMemorySize}, by default the maximum heap size) is exhausted.
 *
 * <p>Under the keyspace lock, like its table. The one exception is a snapshot writing in the background:
 * while its {@link FreeGate} is closed, freed cells wait on a deferred list instead of being reused, so
 * the cells the snapshot captured keep their names and values (the header may change meanwhile: a moved
 * key's cell keeps its bytes, not its link) and it can {@link #read} and {@link #key} them without the
 * lock.
 */
public final class ValueArena {
    static final int PAGE_SIZE = 256 * 1024;
    static final int OFFSET_BITS = 15;
    static final int MAX_PAGES = (1 << (31 - OFFSET_BITS)) - 1;
    /** The longest sealed value kept here: a cell is at most a small share of a page. */
    static final int MAX_VALUE = 8192;
    /** The longest key name kept here. */
    static final int MAX_KEY = 1024;
    private static final int PREFIX = 2;
    /** The key's fields at the front of its cell: chain link, access field, origin and expiry slot. */
    static final int HEADER = 12;
    private static final int CLOCK = 4;
    private static final int ORIGIN_AND_SLOT = 8;
    /** Reads 8 bytes of an array as one long, in the pages' (big-endian) byte order. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] ZEROS = new byte[cellSize(MAX_KEY, MAX_VALUE)];

    private final FreeGate gate;
    private ByteBuffer[] pages = new ByteBuffer[4];
    private int pageCount;
    /** Where the next cell starts in the last page. */
    private int top = PAGE_SIZE;
    /** Free cells per size class (index: cell size / 8), each a stack of addresses. */
    private final int[][] free = new int[cellSize(MAX_KEY, MAX_VALUE) / 8 + 1][];
    private final int[] freeCount = new int[free.length];
    private int[] deferred = new int[0];
    private int deferredCount;
    private long cellBytes;
    /** Where a name is copied to be hashed, under the lock. */
    private byte[] scratch = new byte[64];
    /** Where new pages come from while a snapshot loads, else null: allocated when needed. */
    private PagesAhead ahead;

    ValueArena(FreeGate gate) {
        this.gate = gate;
    }

    /** Whether a key of {@code keyLength} bytes with a sealed value of {@code length} bytes is kept in a cell. */
    static boolean fits(int keyLength, int length) {
        return keyLength <= MAX_KEY && length <= MAX_VALUE;
    }

    /** The bytes a cell for a name of {@code keyLength} bytes and a value of {@code length} bytes takes. */
    static int cellSize(int keyLength, int length) {
        return (HEADER + keyLength + length + 2 * PREFIX + 7) & ~7;
    }

    /** Copies {@code key} and {@code sealed} into a cell; its address, or 0 when they must stay on the heap. */
    int store(byte[] key, byte[] sealed) {
        return store(key, sealed, 0, sealed.length);
    }

    /**
     * As {@link #store(byte[], byte[])} for the value held by {@code length} bytes at {@code start} of
     * {@code from} (a reader's reused buffer, so a value need not be copied into an array of its own first).
     */
    int store(byte[] key, byte[] from, int start, int length) {
        Objects.checkFromIndexSize(start, length, from.length);
        if (!fits(key.length, length)) {
            return 0;
        }
        int address = take(cellSize(key.length, length));
        if (address == 0) {
            return 0;
        }
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        page.putShort(offset, (short) key.length);
        page.put(offset + PREFIX, key);
        writeValue(page, offset + PREFIX + key.length, from, start, length);
        cellBytes += cellSize(key.length, length);
        return address;
    }

    /**
     * Gives the key of the cell at {@code address} the value {@code sealed}: written in place when it takes
     * a cell of the same size and no snapshot is reading, else stored with the name in a new cell, the old
     * one freed (a snapshot may still read it, see {@link FreeGate}). Returns the cell's address, or 0,
     * leaving the old cell as it is, when the value must stay on the heap.
     */
    int replace(int address, byte[] sealed) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        int keyLength = Short.toUnsignedInt(page.getShort(offset));
        if (!gate.deferring() && fits(keyLength, sealed.length)
                && sizeOf(address) == cellSize(keyLength, sealed.length)) {
            writeValue(page, offset + PREFIX + keyLength, sealed, 0, sealed.length);
            return address;
        }
        int fresh = store(key(address), sealed);
        if (fresh != 0) {
            pageOf(fresh).put(offset(fresh), page, offset(address), HEADER);
            free(address);
        }
        return fresh;
    }

    private void writeValue(ByteBuffer page, int at, byte[] from, int start, int length) {
        page.putShort(at, (short) length);
        page.put(at + PREFIX, from, start, length);
    }

    /**
     * A copy of the value at {@code address}. Under the lock, or without it for a cell captured while
     * the {@link FreeGate} is closed.
     */
    public byte[] read(int address) {
        ByteBuffer page = pageOf(address);
        int at = valueOffset(page, offset(address) + HEADER);
        byte[] sealed = new byte[Short.toUnsignedInt(page.getShort(at))];
        page.get(at + PREFIX, sealed, 0, sealed.length);
        return sealed;
    }

    /** A copy of the key name at {@code address}; like {@link #read}, also for a captured cell without the lock. */
    public byte[] key(int address) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        byte[] key = new byte[Short.toUnsignedInt(page.getShort(offset))];
        page.get(offset + PREFIX, key, 0, key.length);
        return key;
    }

    /** The bytes the cell at {@code address} takes. */
    int sizeOf(int address) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        int keyLength = Short.toUnsignedInt(page.getShort(offset));
        return cellSize(keyLength, Short.toUnsignedInt(page.getShort(offset + PREFIX + keyLength)));
    }

    /** The next key in the cell's table chain (see {@link KeyTable}), 0 for none. */
    int next(int address) {
        return pageOf(address).getInt(offset(address));
    }

    void next(int address, int ref) {
        pageOf(address).putInt(offset(address), ref);
    }

    /** The key's access field (see {@link AccessTracking}). */
    int clock(int address) {
        return pageOf(address).getInt(offset(address) + CLOCK);
    }

    void clock(int address, int clock) {
        pageOf(address).putInt(offset(address) + CLOCK, clock);
    }

    /** The key's origin and expiry slot, packed as {@link Entry} packs them. */
    int originAndSlot(int address) {
        return pageOf(address).getInt(offset(address) + ORIGIN_AND_SLOT);
    }

    void originAndSlot(int address, int packed) {
        pageOf(address).putInt(offset(address) + ORIGIN_AND_SLOT, packed);
    }

    /** Whether the key name at {@code address} is {@code key}. */
    boolean hasKey(int address, byte[] key) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        return Short.toUnsignedInt(page.getShort(offset)) == key.length && sameBytes(page, offset + PREFIX, key);
    }

    /** Whether {@code page} holds {@code bytes} at {@code at}, compared 8 bytes at a time, then byte by byte. */
    private static boolean sameBytes(ByteBuffer page, int at, byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (page.getLong(at + i) != (long) LONGS.get(bytes, i)) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (page.get(at + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** The keyspace's hash of the key name at {@code address} (see {@link KeyHash}). */
    int keyHash(int address) {
        int length = copyKey(address);
        return KeyHash.of(scratch, length);
    }

    /** Copies the name at {@code address} to the front of {@link #scratch}; its length. */
    private int copyKey(int address) {
        ByteBuffer page = pageOf(address);
        int offset = offset(address) + HEADER;
        int length = Short.toUnsignedInt(page.getShort(offset));
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        page.get(offset + PREFIX, scratch, 0, length);
        return length;
    }

    /** Whether the value at {@code address} is {@code sealed}, byte for byte. */
    boolean holds(int address, byte[] sealed) {
        ByteBuffer page = pageOf(address);
        int at = valueOffset(page, offset(address) + HEADER);
        return Short.toUnsignedInt(page.getShort(at)) == sealed.length && sameBytes(page, at + PREFIX, sealed);
    }

    /** The data key version the envelope at {@code address} names, read in place (see {@link EnvelopeV1#keyVersion}). */
    int keyVersion(int address) {
        ByteBuffer page = pageOf(address);
        int at = valueOffset(page, offset(address) + HEADER);
        return EnvelopeV1.keyVersion(page, at + PREFIX, Short.toUnsignedInt(page.getShort(at)));
    }

    /** Where the value's length prefix is in the cell at {@code offset} of {@code page}. */
    private static int valueOffset(ByteBuffer page, int offset) {
        return offset + PREFIX + Short.toUnsignedInt(page.getShort(offset));
    }

    /**
     * Whether the name at {@code address} is {@code key}, read without the lock to bring the cell into
     * the cache (see {@link KeyTable#touch}): a racy read, so an address that is stale or of another
     * arena compares some bytes of a page or none, and never fails.
     */
    boolean peekHasKey(int address, byte[] key) {
        ByteBuffer page = peekPage(address);
        int offset = offset(address) + HEADER;
        if (page == null || offset + PREFIX > PAGE_SIZE) {
            return false;
        }
        int length = Short.toUnsignedInt(page.getShort(offset));
        return length == key.length && offset + PREFIX + length <= PAGE_SIZE && sameBytes(page, offset + PREFIX, key);
    }

    /**
     * The first byte of the value at {@code address}, read without the lock to bring it into the cache;
     * racy like {@link #peekHasKey}: reads some byte of a page or 0, never fails.
     */
    byte peek(int address) {
        ByteBuffer page = peekPage(address);
        int offset = offset(address) + HEADER;
        if (page == null || offset + PREFIX > PAGE_SIZE) {
            return 0;
        }
        int at = valueOffset(page, offset) + PREFIX;
        return at < PAGE_SIZE ? page.get(at) : 0;
    }

    /** The chain link of the cell at {@code address}, read without the lock; racy like {@link #peekHasKey}. */
    int peekNext(int address) {
        ByteBuffer page = peekPage(address);
        return page == null ? 0 : page.getInt(offset(address));
    }

    private ByteBuffer peekPage(int address) {
        ByteBuffer[] seen = pages;
        int page = (address >>> OFFSET_BITS) - 1;
        return page < 0 || page >= seen.length ? null : seen[page];
    }

    /** Gives back the cell at {@code address}; its bytes stay until no snapshot can read them. */
    void free(int address) {
        cellBytes -= sizeOf(address);
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

    /** Takes new pages from {@code ahead} (a {@link DatabaseLoader}'s, while it loads), or allocates them (null). */
    void pagesFrom(PagesAhead ahead) {
        this.ahead = ahead;
    }

    /** A read-only view of page {@code index}. */
    ByteBuffer page(int index) {
        return pages[index].asReadOnlyBuffer();
    }

    private void recycle(int address) {
        int size = sizeOf(address);
        pageOf(address).put(offset(address), ZEROS, 0, size);
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
            page = ahead == null ? ByteBuffer.allocateDirect(PAGE_SIZE) : ahead.take();
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
