package io.sealedkv.engine.keyspace;

import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.list.SealedList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one reader of each collection type's payload (snapshots, RESTORE): each family's case
 * delegates to its value class.
 */
public final class CollectionReaders {
    private CollectionReaders() {
    }

    /**
     * Rebuilds a {@code type} collection from what its {@link CollectionValue#writePayload} wrote.
     *
     * @throws IOException when the payload is cut short or does not describe a valid collection
     */
    public static CollectionValue read(ValueType type, DataInput in) throws IOException {
        switch (type) {
            case HASH -> { return io.sealedkv.engine.types.hash.HashValue.read(in); }
            case SET -> {
                return SetValue.read(in);
            }
            case ZSET -> { return io.sealedkv.engine.types.zset.ZSetValue.read(in); }
            case LIST -> {
                return SealedList.readPayload(in);
            }
            default -> throw new IOException("no collection payload reader for type " + type.redisName());
        }
    }

    /** {@code collection}'s payload as {@link CollectionValue#writePayload} writes it; call under the keyspace lock. */
    public static byte[] payload(CollectionValue collection) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            collection.writePayload(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a whole {@link #payload}. */
    public static CollectionValue read(ValueType type, byte[] payload) throws IOException {
        return read(type, new DataInputStream(new ByteArrayInputStream(payload)));
    }
}
