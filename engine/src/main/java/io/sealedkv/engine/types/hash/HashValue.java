package io.sealedkv.engine.types.hash;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.types.table.BlockRoom;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hash, in one of Redis's two encodings. {@code listpack}: every field/value pair in ONE sealed block
 * (the {@link PairList} layout), while the hash has at most {@code hash-max-listpack-entries} fields
 * and no field or value written longer than {@code hash-max-listpack-value} bytes; any change opens
 * the block and seals a new one. {@code hashtable}: a {@link FieldTable} from each field's token to
 * its sealed pair, so a field is found, counted or deleted without opening anything. A hash converts
 * to {@code hashtable} once and never back, as in Redis.
 *
 * <p>In clear: the field count, the identity, the block's sealed length and, for a hashtable, the
 * fields' tokens. Changed only under the keyspace lock, after {@code WritePath.modifying}. A new block
 * is copied into the stored array when it fits ({@link BlockRoom}), so {@link #block} hands out copies.
 */
public final class HashValue implements CollectionValue {
    private static final int LISTPACK = 0;
    private static final int HASHTABLE = 1;
    /** Object header and fields of this class, for memory estimates. */
    private static final int OBJECT_BYTES = 40;

    private final long id;
    private final int tokenVersion;
    private int size;
    /** A listpack's block in its first blockLength bytes (see {@link BlockRoom}); null for a hashtable. */
    private byte[] block;
    private int blockLength;
    private FieldTable table;

    private HashValue(CollectionIdentity identity, int size, byte[] block, FieldTable table) {
        this.id = identity.id();
        this.tokenVersion = identity.tokenVersion();
        this.size = size;
        this.block = block;
        this.blockLength = block == null ? 0 : block.length;
        this.table = table;
    }

    /** A listpack-encoded hash of {@code size} pairs sealed in {@code block}. */
    public static HashValue listpack(CollectionIdentity identity, byte[] block, int size) {
        return new HashValue(identity, size, block, null);
    }

    /** A hashtable-encoded hash. */
    public static HashValue hashtable(CollectionIdentity identity, FieldTable table) {
        return new HashValue(identity, table.size(), null, table);
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public CollectionIdentity identity() {
        return new CollectionIdentity(id, tokenVersion);
    }

    public int tokenVersion() {
        return tokenVersion;
    }

    @Override
    public String encoding() {
        return table == null ? "listpack" : "hashtable";
    }

    public boolean isListpack() {
        return table == null;
    }

    @Override
    public long size() {
        return table == null ? size : table.size();
    }

    /** A copy of the sealed block of a listpack hash (null for a hashtable): later writes may rewrite the stored one. */
    public byte[] block() {
        return BlockRoom.copy(block, blockLength);
    }

    /**
     * Whether the block is still {@code read}, a copy {@link #block} gave earlier: every block is sealed
     * with a new nonce, so equal bytes mean the hash was not written since.
     */
    public boolean holdsBlock(byte[] read) {
        return BlockRoom.holds(block, blockLength, read);
    }

    /** The table of a hashtable hash (null for a listpack). */
    public FieldTable table() {
        return table;
    }

    /** Replaces the block of a listpack hash, copying {@code sealed} into the stored array when it fits. */
    public void replaceBlock(byte[] sealed, int pairs) {
        byte[] stored = BlockRoom.store(block, sealed);
        if (stored != block) { // see BlockRoom.store
            block = stored;
        }
        blockLength = sealed.length;
        size = pairs;
    }

    /** Turns a listpack hash into a hashtable hash holding {@code fields}. */
    public void convert(FieldTable fields) {
        this.block = null;
        this.blockLength = 0;
        this.size = 0;
        this.table = fields;
    }

    @Override
    public long memoryBytes() {
        return OBJECT_BYTES + (table == null ? 16L + block.length : table.memoryBytes());
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        if (table == null) {
            byte[] plaintext = from.open(block());
            try {
                return listpack(to.identity(), to.seal(plaintext), size);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        FieldTable copied = new FieldTable();
        table.forEachStored(sealed -> {
            PairList pair = PairList.decode(from.open(sealed));
            try {
                copied.put(to.token(pair.field(0)), to.seal(PairList.encodePair(pair.field(0), pair.value(0))));
            } finally {
                pair.wipe();
            }
        });
        return hashtable(to.identity(), copied);
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
        if (table == null) {
            action.accept(block());
        } else {
            table.forEachStored(action);
        }
    }

    /**
     * Layout: identity id (8 bytes), token version (4), encoding (1: 0 listpack, 1 hashtable), field
     * count (4); then for a listpack the block (4-byte length, bytes), for a hashtable each field's
     * token (16 bytes) and sealed pair (4-byte length, bytes).
     */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeLong(id);
        out.writeInt(tokenVersion);
        out.writeByte(table == null ? LISTPACK : HASHTABLE);
        out.writeInt((int) size());
        if (table == null) {
            out.writeInt(blockLength);
            out.write(block, 0, blockLength);
            return;
        }
        IOException[] failed = {null};
        table.forEachStored((token, sealed) -> {
            try {
                if (failed[0] == null) {
                    out.write(token);
                    writeBytes(out, sealed);
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Reads what {@link #writePayload} wrote. */
    public static HashValue read(DataInput in) throws IOException {
        long id = in.readLong();
        int tokenVersion = in.readInt();
        int encoding = in.readUnsignedByte();
        int size = in.readInt();
        if (id >= 0 || size <= 0 || (encoding != LISTPACK && encoding != HASHTABLE)) {
            throw new IOException("invalid hash payload");
        }
        CollectionIdentity identity = new CollectionIdentity(id, tokenVersion);
        if (encoding == LISTPACK) {
            return listpack(identity, readBytes(in), size);
        }
        FieldTable table = new FieldTable();
        for (int i = 0; i < size; i++) {
            byte[] token = new byte[16];
            in.readFully(token);
            if (!table.put(token, readBytes(in))) {
                throw new IOException("invalid hash payload: a field token appears twice");
            }
        }
        return hashtable(identity, table);
    }

    private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 30) {
            throw new IOException("invalid hash payload: length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
