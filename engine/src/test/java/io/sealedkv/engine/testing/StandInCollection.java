package io.sealedkv.engine.testing;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import java.io.DataOutput;
import java.util.function.Consumer;

/** A collection holding nothing, whose reported memory a test sets: stands in for one changed in place. */
public final class StandInCollection implements CollectionValue {
    private long bytes;

    public StandInCollection(long bytes) {
        this.bytes = bytes;
    }

    public void bytes(long bytes) {
        this.bytes = bytes;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public CollectionIdentity identity() {
        return new CollectionIdentity(-1, 1);
    }

    @Override
    public String encoding() {
        return "listpack";
    }

    @Override
    public long size() {
        return 1;
    }

    @Override
    public long memoryBytes() {
        return bytes;
    }

    @Override
    public CollectionValue copy(ElementCrypto from, ElementCrypto to) {
        return new StandInCollection(bytes);
    }

    @Override
    public void forEachSealed(Consumer<byte[]> action) {
    }

    @Override
    public void writePayload(DataOutput out) {
    }
}
