package io.sealedkv.engine.persistence;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A minimal in-place collection for persistence tests while the real list type is being built. */
final class FakeList implements CollectionValue {
    private final CollectionIdentity identity;
    final List<byte[]> sealed = new ArrayList<>();

    FakeList(CollectionIdentity identity) {
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

    @Override
    public String encoding() {
        return "listpack";
    }

    @Override
    public long size() {
        return sealed.size();
    }

    @Override
    public long memoryBytes() {
        return sealed.stream().mapToLong(s -> s.length + 16L).sum();
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
        sealed.forEach(action);
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeLong(identity.id());
        out.writeInt(identity.tokenVersion());
        out.writeInt(sealed.size());
        for (byte[] element : sealed) {
            out.writeInt(element.length);
            out.write(element);
        }
    }
}
