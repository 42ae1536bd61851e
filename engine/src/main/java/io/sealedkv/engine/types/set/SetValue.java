package io.sealedkv.engine.types.set;

import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.types.table.BlockRoom;
import io.sealedkv.engine.types.table.TokenList;
import io.sealedkv.engine.types.table.TokenTable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A set as the keyspace holds it, in one of two forms.
 *
 * <p><b>Small</b> (within set-max-intset-entries for all-integer sets, set-max-listpack-entries and
 * -value otherwise): every member in ONE sealed block ({@link MemberBlock} plaintext), OBJECT ENCODING
 * {@code intset} when every member is an integer in canonical form, else {@code listpack}. Any read
 * opens the block once; a write opens it, changes it and seals a new block.
 *
 * <p><b>Large</b> (beyond those limits): a {@link TokenTable} of each member's element token beside
 * the member sealed on its own, the sealed members packed into shared pages, OBJECT ENCODING
 * {@code hashtable}. Membership, removal and the cardinality need tokens only; adding seals only the
 * new member. A set never goes back to small, as in Redis.
 *
 * <p>Changed only under the keyspace lock. {@link #version()} grows with every change, so a command
 * that read the set under the lock and computed outside it can check that nothing changed before it
 * commits (the sealed members handed out are copies, so comparing them says nothing). Sealed arrays
 * handed out are never modified afterwards: a small set's new block is copied into the stored array when
 * it fits ({@link BlockRoom}), so {@link #block} hands out copies.
 */
public final class SetValue implements CollectionValue {
    private static final long MAX_SEALED_LENGTH = 1L << 30;
    private static final byte SMALL_INTEGERS = 0;
    private static final byte SMALL_MIXED = 1;
    private static final byte LARGE = 2;
    private static final int MIN_BUCKETS = 16;

    private final CollectionIdentity identity;
    /** A small set's block in its first blockLength bytes (see {@link BlockRoom}); null for a large set. */
    private byte[] block;
    private int blockLength;
    private int blockSize;
    private boolean integers;
    private TokenTable table;
    private long version;

    private SetValue(CollectionIdentity identity) {
        this.identity = identity;
    }

    /** A small set: {@code sealedBlock} holds {@code size} members (all integers when {@code integers}). */
    public static SetValue small(CollectionIdentity identity, byte[] sealedBlock, int size, boolean integers) {
        SetValue set = new SetValue(identity);
        set.block = sealedBlock;
        set.blockLength = sealedBlock.length;
        set.blockSize = size;
        set.integers = integers;
        return set;
    }

    /** An empty large set, to be filled with {@link #add} before it is stored. */
    public static SetValue large(CollectionIdentity identity, int expected) {
        SetValue set = new SetValue(identity);
        set.table = TokenTable.packed(expected, MIN_BUCKETS);
        return set;
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public CollectionIdentity identity() {
        return identity;
    }

    @Override
    public String encoding() {
        if (table != null) {
            return "hashtable";
        }
        return integers ? "intset" : "listpack";
    }

    @Override
    public long size() {
        return table != null ? table.size() : blockSize;
    }

    public boolean isSmall() {
        return table == null;
    }

    /** A copy of the sealed block of a small set (null for a large set): later writes may rewrite the stored one. */
    public byte[] block() {
        return BlockRoom.copy(block, blockLength);
    }

    /** Whether a small set holds only integers (its encoding is intset). */
    public boolean integers() {
        return integers;
    }

    /** Grows with every change. */
    public long version() {
        return version;
    }

    /**
     * Takes over the members of {@code built}, a set made for the purpose outside the lock: a small one's
     * block, copied into this set's array when it fits ({@link BlockRoom}), or a large one's table (of the
     * same identity; a set never goes back to small).
     */
    public void adopt(SetValue built) {
        if (built.table == null) {
            byte[] stored = BlockRoom.store(block, built.block, built.blockLength);
            if (stored != block) { // see BlockRoom.store
                block = stored;
            }
            blockLength = built.blockLength;
            integers = built.integers;
        } else {
            if (!built.identity.equals(identity)) {
                throw new IllegalArgumentException("not a large set of this identity");
            }
            block = null;
            blockLength = 0;
            integers = false;
            table = built.table;
        }
        blockSize = built.blockSize;
        version++;
    }

    /**
     * In a large set: reads, without the lock, the table slots where the members of {@code tokens} are (or
     * would be) found, racy and read-only (see {@link TokenTable#touchTokens}), and tells which it found there:
     * {@code seen[k]} for the {@code k}-th of {@code tokens}. A guess (the set may change meanwhile), for what to
     * prepare before the lock.
     */
    public void touch(TokenList tokens, boolean[] seen) {
        table.touchTokens(tokens, seen);
    }

    /** In a large set: the index of the member whose token is {@code token}, or -1. */
    public int indexOf(byte[] token) {
        return indexOf(ElementToken.high(token), ElementToken.low(token));
    }

    /** In a large set: the index of the member whose token has the halves {@code high} and {@code low}, or -1. */
    public int indexOf(long high, long low) {
        return table.find(high, low);
    }

    /** In a large set: adds a member unless its token is there; true when added. */
    public boolean add(byte[] token, byte[] sealedMember) {
        long high = ElementToken.high(token);
        long low = ElementToken.low(token);
        if (table.find(high, low) >= 0) {
            return false;
        }
        table.add(high, low, sealedMember);
        version++;
        return true;
    }

    /**
     * In a large set: adds a member whose token (halves {@code high}, {@code low}) the caller found absent
     * under the same hold of the lock, without looking for it again.
     */
    public void addAbsent(long high, long low, byte[] sealedMember) {
        table.add(high, low, sealedMember);
        version++;
    }

    /** In a large set: the sealed member at {@code index} (0 .. size-1), a copy of the stored bytes. */
    public byte[] sealedAt(int index) {
        return table.sealedAt(index);
    }

    /** In a large set: the token of the member at {@code index}. */
    public byte[] tokenAt(int index) {
        return ElementToken.of(table.high(index), table.low(index));
    }

    /** In a large set: removes the member at {@code index}; the last member takes its index. */
    public void removeAt(int index) {
        table.removeAt(index);
        version++;
    }

    /** In a large set: removes the member whose token is {@code token}; true when it was there. */
    public boolean remove(byte[] token) {
        int index = indexOf(token);
        if (index < 0) {
            return false;
        }
        removeAt(index);
        return true;
    }

    /** In a large set: one SSCAN step over the buckets (see {@link TokenTable#scan}). */
    public long scan(long cursor, Consumer<byte[]> action) {
        return table.scan(cursor, action);
    }

    @Override
    public long memoryBytes() {
        long object = 56;
        if (table == null) {
            return object + 16 + block.length;
        }
        return object + table.heapBytes();
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        if (table == null) {
            byte[] plain = from.open(block());
            try {
                return small(to.identity(), to.seal(plain), blockSize, integers);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        SetValue copy = large(to.identity(), table.size());
        for (int i = 0; i < table.size(); i++) {
            byte[] member = from.open(table.sealedAt(i));
            try {
                copy.add(to.token(member), to.seal(member));
            } finally {
                Arrays.fill(member, (byte) 0);
            }
        }
        return copy;
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
        if (table == null) {
            action.accept(block());
            return;
        }
        table.forEachSealed(action);
    }

    /**
     * Payload: identity id (8 bytes), token version (4), form (1: 0 small intset, 1 small listpack,
     * 2 large), then for a small set its size (4), the block's length (4) and the sealed block; for a
     * large one its size (4) and per member the token (16), the sealed length (4) and the sealed member.
     */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeLong(identity.id());
        out.writeInt(identity.tokenVersion());
        if (table == null) {
            out.writeByte(integers ? SMALL_INTEGERS : SMALL_MIXED);
            out.writeInt(blockSize);
            out.writeInt(blockLength);
            out.write(block, 0, blockLength);
            return;
        }
        out.writeByte(LARGE);
        out.writeInt(table.size());
        for (int i = 0; i < table.size(); i++) {
            out.writeLong(table.high(i));
            out.writeLong(table.low(i));
            writeSealed(out, table.sealedAt(i));
        }
    }

    /** Reads what {@link #writePayload} wrote. */
    public static SetValue read(DataInput in) throws IOException {
        CollectionIdentity identity;
        try {
            identity = new CollectionIdentity(in.readLong(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("set payload: " + e.getMessage());
        }
        byte form = in.readByte();
        int size = in.readInt();
        if (size <= 0) {
            throw new IOException("set payload: size " + size);
        }
        if (form == SMALL_INTEGERS || form == SMALL_MIXED) {
            return small(identity, readSealed(in), size, form == SMALL_INTEGERS);
        }
        if (form != LARGE) {
            throw new IOException("set payload: unknown form " + form);
        }
        SetValue set = large(identity, Math.min(size, 1 << 16));
        for (int i = 0; i < size; i++) {
            long high = in.readLong();
            long low = in.readLong();
            byte[] member = readSealed(in);
            if (set.table.find(high, low) >= 0) {
                throw new IOException("set payload: duplicate member token");
            }
            set.table.add(high, low, member);
        }
        return set;
    }

    /** The members of a small set, opened from {@code block}; the caller wipes them. */
    public static List<byte[]> members(ElementCrypto crypto, byte[] sealedBlock) {
        byte[] plain = crypto.open(sealedBlock);
        try {
            return MemberBlock.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static void writeSealed(DataOutput out, byte[] sealed) throws IOException {
        out.writeInt(sealed.length);
        out.write(sealed);
    }

    private static byte[] readSealed(DataInput in) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > MAX_SEALED_LENGTH) {
            throw new IOException("set payload: sealed length " + length);
        }
        byte[] sealed = new byte[length];
        in.readFully(sealed);
        return sealed;
    }
}
