package io.sealedkv.engine.keyspace;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.util.Arrays;

/**
 * One key and its value, as commands see it. A key with a string value short enough (and a name of at
 * most {@value ValueArena#MAX_KEY} bytes) has no object of its own while nobody looks at it: its name,
 * sealed value and per-key fields (chain link, access field, origin and expiry slot) live in a cell of
 * its table's {@link ValueArena}, and a lookup hands out an entry that is a view of that cell. Any other
 * key, a collection's or a long string's, is a {@link HeapKey} held by an entry that is the table's own
 * node and carries those fields itself (32 bytes: a 12-byte header and five 4-byte fields).
 *
 * <p>A view is valid for the keyspace lock hold it was made in (see {@link CellViews}): within it the
 * table hands out one view per cell and keeps it pointing at its key as the key's cell moves (a value
 * of another size) or the key goes to the heap or comes back; at the end of the hold it dies, and any
 * use after throws {@link IllegalStateException} rather than read a cell another key may own by then.
 * A command that keeps an entry across a release looks its key up again. An entry that leaves its table
 * keeps a heap copy of its name, sealed value and fields for whoever still holds it (the command that
 * deleted it, an event), and stays usable.
 *
 * <p>The key's hash is not kept: the table recomputes it on the rare occasions it needs it again
 * (unlinking, moving, growing). {@link #key()} and {@link #value()} hand out copies of what a cell
 * holds; a write of a value of the same size may rewrite the cell in place (never while a snapshot reads
 * it), and a stored array is never modified: every write replaces it. Either way a reader can take the
 * value under the lock and open it after.
 */
public final class Entry {
    private static final StringOrigin[] ORIGINS = StringOrigin.values();
    private static final int ORIGIN_SHIFT = 30;
    /** Expiry slot plus one (0: no expiry) in the low 30 bits. */
    private static final int SLOT_MASK = (1 << ORIGIN_SHIFT) - 1;
    /** The largest expiry slot the field holds: 2^30 - 2, more expiring keys than any heap fits. */
    static final int MAX_EXPIRY_SLOT = SLOT_MASK - 1;

    /** The {@link ValueArena} of the cell viewed, a {@link HeapKey}, or null once a view has died. */
    private Object place;
    /** The cell's address, or the node's index in its table's {@link HeapNodes}. */
    private int at;
    /** A node's chain link, access field and packed origin and expiry slot; a cell holds its own. */
    int next;
    private int accessClock;
    /** Origin ordinal in the top 2 bits, expiry slot + 1 below. */
    private int originAndSlot;

    /** A view of the cell at {@code address} of {@code arena}. */
    Entry(ValueArena arena, int address) {
        this.place = arena;
        this.at = address;
    }

    /** A node for a key kept on the heap as {@code heap}. */
    Entry(HeapKey heap, int accessClock) {
        this.place = heap;
        this.accessClock = accessClock;
    }

    /** The key name: a copy when it lives in a cell; callers must not modify it. */
    public byte[] key() {
        return place instanceof ValueArena arena ? arena.key(at) : heap().key();
    }

    /** Whether this is the entry of {@code key}. Under the lock. */
    boolean hasKey(byte[] key) {
        return place instanceof ValueArena arena ? arena.hasKey(at, key) : Arrays.equals(heap().key(), key);
    }

    /** {@link #hasKey} of a node read without the lock, racy (see {@link KeyTable#touch}): may err, never fails. */
    boolean peekHasKey(byte[] key) {
        return place instanceof HeapKey heap && Arrays.equals(heap.key(), key);
    }

    /** A node's value read without the lock, racy like {@link #peekHasKey}; null for a view. */
    Object peekValue() {
        return place instanceof HeapKey heap ? heap.value() : null;
    }

    /** The keyspace's hash of the key name (see {@link KeyHash}). Under the lock. */
    int keyHash() {
        return place instanceof ValueArena arena ? arena.keyHash(at) : KeyHash.of(heap().key());
    }

    /** The value: a collection, or a string's sealed bytes (a copy when it lives in an arena). */
    public Object value() {
        return place instanceof ValueArena arena ? arena.read(at) : heap().value();
    }

    public ValueType type() {
        return place instanceof ValueArena ? ValueType.STRING : ValueType.of(heap().value());
    }

    /**
     * Whether the value is still {@code read}, as {@link #value()} gave it earlier: the same collection,
     * or a string of the same sealed bytes (a new write seals with a new nonce, so equal bytes mean the
     * value was not written since).
     */
    public boolean holds(Object read) {
        if (place instanceof ValueArena arena) {
            return read instanceof byte[] sealed && arena.holds(at, sealed);
        }
        return heap().value() == read;
    }

    /**
     * The data key version a string value's envelope names, read in place without copying the value.
     *
     * @throws io.sealedkv.crypto.SealingException for a malformed envelope, as {@link io.sealedkv.codec.ValueCodec#keyVersion}
     * @throws ClassCastException for a collection
     */
    public int stringKeyVersion() {
        return place instanceof ValueArena arena ? arena.keyVersion(at)
                : EnvelopeV1.keyVersion((byte[]) heap().value());
    }

    /**
     * The value as stored: the {@link ValueArena} of a string kept in one (its cell at {@link #address()},
     * its name there too), else the value itself. For a snapshot that reads the value later without the lock.
     */
    public Object stored() {
        return place instanceof ValueArena ? place : heap().value();
    }

    /** The cell of a key kept in an arena, else 0. */
    public int address() {
        return inCell() ? at : 0;
    }

    /** How the table's chains and expiry index name this key: its cell's address, or -(node index + 1). */
    int ref() {
        return inCell() ? at : -(at + 1);
    }

    /** Whether the key is in a cell; a dead view fails here rather than pass for a heap key (or name a node). */
    boolean inCell() {
        if (place instanceof ValueArena) {
            return true;
        }
        heap();
        return false;
    }

    /** The node's index in its table's {@link HeapNodes}. */
    int nodeIndex() {
        return at;
    }

    void nodeIndex(int index) {
        at = index;
    }

    private HeapKey heap() {
        if (place instanceof HeapKey heap) {
            return heap;
        }
        throw new IllegalStateException("an entry used after the lock hold it was looked up in");
    }

    /** The view's key moved to the cell at {@code address}. */
    void moved(int address) {
        at = address;
    }

    /** The view's key left its cell for the heap as {@code heap}: the entry is its node now, number {@code index}. */
    void toNode(HeapKey heap, int index, int next, int accessClock, int originAndSlot) {
        this.place = heap;
        this.at = index;
        this.next = next;
        this.accessClock = accessClock;
        this.originAndSlot = originAndSlot;
    }

    /** The node's key went to the cell at {@code address} of {@code arena}, which takes over its fields. */
    void toCell(ValueArena arena, int address) {
        arena.next(address, next);
        arena.clock(address, accessClock);
        arena.originAndSlot(address, originAndSlot);
        place = arena;
        at = address;
        next = 0;
    }

    /** Gives the node a new heap value. */
    void heapValue(Object value) {
        place = new HeapKey(heap().key(), value);
    }

    /**
     * The entry has left its table: gives back its cell, if it has one, keeping a copy of the name, sealed
     * bytes and fields for whoever still holds the entry (the command that deleted it, an event).
     */
    void detach() {
        if (place instanceof ValueArena arena) {
            accessClock = arena.clock(at);
            originAndSlot = arena.originAndSlot(at);
            place = new HeapKey(arena.key(at), arena.read(at));
            arena.free(at);
            at = 0;
        }
        next = 0;
    }

    /** The end of the lock hold this view was handed out in: it must not be used again. */
    void die() {
        place = null;
    }

    /** The hold ended: a view still in its cell dies; one that left it is a heap copy or a node now, and stays. */
    void holdEnded() {
        if (place instanceof ValueArena) {
            die();
        }
    }

    /** The estimated bytes of the name and value (see {@link MemoryCost}). */
    long keyAndValueBytes() {
        return place instanceof ValueArena arena ? arena.sizeOf(at) : MemoryCost.ofHeapKey(heap());
    }

    int accessClock() {
        if (place instanceof ValueArena arena) {
            return arena.clock(at);
        }
        heap();
        return accessClock;
    }

    void accessClock(int clock) {
        if (place instanceof ValueArena arena) {
            arena.clock(at, clock);
        } else {
            heap();
            accessClock = clock;
        }
    }

    private int originAndSlot() {
        if (place instanceof ValueArena arena) {
            return arena.originAndSlot(at);
        }
        heap();
        return originAndSlot;
    }

    private void originAndSlot(int packed) {
        if (place instanceof ValueArena arena) {
            arena.originAndSlot(at, packed);
        } else {
            heap();
            originAndSlot = packed;
        }
    }

    public StringOrigin origin() {
        return ORIGINS[originAndSlot() >>> ORIGIN_SHIFT];
    }

    void origin(StringOrigin origin) {
        originAndSlot((origin.ordinal() << ORIGIN_SHIFT) | (originAndSlot() & SLOT_MASK));
    }

    public boolean hasExpiry() {
        return (originAndSlot() & SLOT_MASK) != 0;
    }

    /** The slot in the table's expiry index, or -1. */
    int expirySlot() {
        return expirySlotIn(originAndSlot());
    }

    void expirySlot(int slot) {
        originAndSlot(withExpirySlot(originAndSlot(), slot));
    }

    /** The expiry slot (-1: none) in a key's packed origin and slot, as a cell or a node holds them. */
    static int expirySlotIn(int originAndSlot) {
        return (originAndSlot & SLOT_MASK) - 1;
    }

    /** {@code originAndSlot} with the expiry slot {@code slot} (-1: none). */
    static int withExpirySlot(int originAndSlot, int slot) {
        return (originAndSlot & ~SLOT_MASK) | (slot + 1);
    }
}
