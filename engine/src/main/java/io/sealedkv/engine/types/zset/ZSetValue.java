package io.sealedkv.engine.types.zset;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.types.table.BlockRoom;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A sorted set. Small ones ({@code listpack}) are one sealed block of their (member, score) pairs in
 * order (see {@link Pairs}) and a count in clear; a command opens the block, works on the pairs and
 * seals a new block. Large ones ({@code skiplist}) are a {@link ZTree}: per member the score in clear,
 * the 16-byte element token, and the member sealed alone (packed with the others into shared pages).
 * A set moves from the first form to the second when it grows past {@code zset-max-listpack-entries}
 * members or takes a member longer than {@code zset-max-listpack-value} bytes, and never back (as
 * Redis).
 *
 * <p>A new block is copied into the stored array when it fits ({@link BlockRoom}), so {@link #block} hands
 * out copies.
 */
public final class ZSetValue implements CollectionValue {
    /** Longest sealed array a payload may declare; the largest value the codec accepts is below it. */
    private static final int MAX_SEALED = Integer.MAX_VALUE - 64;
    private static final byte LISTPACK = 0;
    private static final byte SKIPLIST = 1;
    private static final int ARRAY_HEADER = 16;

    private final CollectionIdentity identity;
    /** A listpack's block in its first blockLength bytes (see {@link BlockRoom}); null for a skiplist. */
    private byte[] block;
    private int blockLength;
    private int blockCount;
    private ZTree tree;

    private ZSetValue(CollectionIdentity identity) {
        this.identity = identity;
    }

    /** A listpack set of {@code count} pairs sealed in {@code block}. */
    public static ZSetValue listpack(CollectionIdentity identity, byte[] block, int count) {
        ZSetValue value = new ZSetValue(identity);
        value.block = block;
        value.blockLength = block.length;
        value.blockCount = count;
        return value;
    }

    /** A skiplist set. */
    public static ZSetValue skiplist(CollectionIdentity identity, ZTree tree) {
        ZSetValue value = new ZSetValue(identity);
        value.tree = tree;
        return value;
    }

    public boolean isListpack() {
        return tree == null;
    }

    /** A copy of the sealed block of a listpack set: later writes may rewrite the stored one. */
    public byte[] block() {
        return BlockRoom.copy(block, blockLength);
    }

    /**
     * Whether the block is still {@code read}, a copy {@link #block} gave earlier: every block is sealed
     * with a new nonce, so equal bytes mean the set was not written since.
     */
    public boolean holdsBlock(byte[] read) {
        return BlockRoom.holds(block, blockLength, read);
    }

    /** The tree of a skiplist set. */
    public ZTree tree() {
        return tree;
    }

    /**
     * Replaces the block of a listpack set (the caller announced the change), copying {@code sealed} into
     * the stored array when it fits.
     */
    public void setBlock(byte[] sealed, int count) {
        byte[] stored = BlockRoom.store(block, sealed);
        if (stored != block) { // see BlockRoom.store
            block = stored;
        }
        blockLength = sealed.length;
        blockCount = count;
    }

    /** Turns a listpack set into a skiplist set holding {@code converted} (the caller announced it). */
    public void convert(ZTree converted) {
        this.tree = converted;
        this.block = null;
        this.blockLength = 0;
        this.blockCount = 0;
    }

    /** Builds a tree of opened pairs for {@code crypto}'s identity, each member sealed and tokenized. */
    public static ZTree treeOf(Pairs pairs, ElementCrypto crypto) {
        ZTree built = new ZTree();
        for (int i = 0; i < pairs.size(); i++) {
            append(built, pairs.member(i), pairs.scoreAt(i), crypto);
        }
        return built;
    }

    /**
     * Appends {@code member} (sorting after every member of {@code tree}), sealed and tokenized with
     * {@code crypto}; the member stays the caller's.
     */
    public static void append(ZTree tree, byte[] member, double score, ElementCrypto crypto) {
        byte[] token = crypto.token(member);
        tree.append(score, ElementToken.high(token), ElementToken.low(token), crypto.seal(member));
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public CollectionIdentity identity() {
        return identity;
    }

    @Override
    public String encoding() {
        return isListpack() ? "listpack" : "skiplist";
    }

    @Override
    public long size() {
        return isListpack() ? blockCount : tree.size();
    }

    @Override
    public long memoryBytes() {
        if (isListpack()) {
            return 32 + ARRAY_HEADER + block.length;
        }
        return 48 + tree.heapBytes();
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        if (isListpack()) {
            byte[] plaintext = from.open(block());
            try {
                return listpack(to.identity(), to.seal(plaintext), blockCount);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        ZTree copied = new ZTree();
        tree.forEach((element, score) -> {
            byte[] member = from.open(tree.sealed(element));
            try {
                append(copied, member, score, to);
            } finally {
                Arrays.fill(member, (byte) 0);
            }
        });
        return skiplist(to.identity(), copied);
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
        if (isListpack()) {
            action.accept(block());
        } else {
            tree.forEachSealed(action);
        }
    }

    /**
     * Payload: identity id (8 bytes), token version (4), encoding (1: 0 listpack, 1 skiplist), count (4);
     * then a listpack's sealed block (length, bytes), or for each skiplist member in order its score
     * (8), token (16) and sealed member (length, bytes).
     */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeLong(identity.id());
        out.writeInt(identity.tokenVersion());
        out.writeByte(isListpack() ? LISTPACK : SKIPLIST);
        out.writeInt((int) size());
        if (isListpack()) {
            out.writeInt(blockLength);
            out.write(block, 0, blockLength);
            return;
        }
        IOException[] failure = {null};
        tree.forEach((element, score) -> {
            if (failure[0] == null) {
                try {
                    out.writeDouble(score);
                    out.writeLong(tree.tokenHigh(element));
                    out.writeLong(tree.tokenLow(element));
                    writeSealed(out, tree.sealed(element));
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void writeSealed(DataOutput out, byte[] sealed) throws IOException {
        out.writeInt(sealed.length);
        out.write(sealed);
    }

    /** Reads what {@link #writePayload} wrote, checking counts, order and that tokens are unique. */
    public static ZSetValue read(DataInput in) throws IOException {
        long id = in.readLong();
        int tokenVersion = in.readInt();
        CollectionIdentity identity;
        try {
            identity = new CollectionIdentity(id, tokenVersion);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad sorted set identity", e);
        }
        byte encoding = in.readByte();
        int count = in.readInt();
        if (count <= 0) {
            throw new IOException("bad sorted set size " + count);
        }
        if (encoding == LISTPACK) {
            return listpack(identity, readSealed(in), count);
        }
        if (encoding != SKIPLIST) {
            throw new IOException("unknown sorted set encoding " + encoding);
        }
        ZTree tree = new ZTree();
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double score = in.readDouble();
            long high = in.readLong();
            long low = in.readLong();
            byte[] sealed = readSealed(in);
            if (Double.isNaN(score) || score < previous) {
                throw new IOException("sorted set scores out of order");
            }
            if (tree.find(high, low) >= 0) {
                throw new IOException("duplicate sorted set member token");
            }
            previous = score;
            tree.append(score, high, low, sealed);
        }
        return skiplist(identity, tree);
    }

    private static byte[] readSealed(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_SEALED) {
            throw new IOException("bad sealed length " + length);
        }
        byte[] sealed = new byte[Math.min(length, 1 << 16)];
        int filled = 0;
        while (true) {
            in.readFully(sealed, filled, sealed.length - filled);
            filled = sealed.length;
            if (filled == length) {
                return sealed;
            }
            sealed = Arrays.copyOf(sealed, (int) Math.min(length, 2L * filled));
        }
    }
}
