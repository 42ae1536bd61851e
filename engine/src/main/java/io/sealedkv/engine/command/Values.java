package io.sealedkv.engine.command;

import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Entry;

/** Type checks on stored values. */
public final class Values {
    private Values() {
    }

    /** The sealed bytes of a string entry; WRONGTYPE for any other type. */
    public static byte[] string(Entry entry) {
        return string(entry.value());
    }

    /** The sealed bytes of a string value; WRONGTYPE for any other type. */
    public static byte[] string(Object value) {
        if (value instanceof byte[] sealed) {
            return sealed;
        }
        throw new WrongTypeException();
    }

    /** The collection of an entry if it is a {@code type}; WRONGTYPE for any other type. */
    public static <T extends CollectionValue> T collection(Entry entry, Class<T> type) {
        if (type.isInstance(entry.value())) {
            return type.cast(entry.value());
        }
        throw new WrongTypeException();
    }
}
