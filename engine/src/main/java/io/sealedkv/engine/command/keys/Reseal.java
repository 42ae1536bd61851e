package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import java.util.Arrays;

/**
 * A value for another key or database. A string is opened and sealed again for its new place; a
 * collection is sealed for its own identity, so it moves as it is and only a copy is resealed.
 */
final class Reseal {
    private Reseal() {
    }

    /** The value moved (RENAME, MOVE): the old key loses it. */
    static Object moved(CommandContext c, Database from, byte[] fromKey, Database to, byte[] toKey, Object value) {
        if (value instanceof CollectionValue) {
            return value;
        }
        byte[] resealed = string(c, from, fromKey, to, toKey, value);
        if (c.inTransaction()) {
            c.session().transaction().argumentMoved(Values.string(value), resealed);
        }
        return resealed;
    }

    /** A copy of the value (COPY): the old key keeps it. */
    static Object copied(CommandContext c, Database from, byte[] fromKey, Database to, byte[] toKey, Object value) {
        if (value instanceof CollectionValue collection) {
            return collection.copy(ElementSealer.of(c.codec(), collection), ElementSealer.forNew(c.codec()));
        }
        return string(c, from, fromKey, to, toKey, value);
    }

    private static byte[] string(CommandContext c, Database from, byte[] fromKey, Database to, byte[] toKey,
                                 Object value) {
        byte[] sealed = Values.string(value);
        byte[] plaintext = c.open(from.id(), fromKey, sealed);
        try {
            return c.seal(to, toKey, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
