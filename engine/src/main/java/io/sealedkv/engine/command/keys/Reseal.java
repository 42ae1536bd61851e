package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import java.util.Arrays;

/** Moves a sealed value to another key or database: it is opened and sealed again for its new place. */
final class Reseal {
    private Reseal() {
    }

    static Object value(CommandContext c, Database from, byte[] fromKey, Database to, byte[] toKey, Object value) {
        byte[] sealed = Values.string(value);
        byte[] plaintext = c.open(from.id(), fromKey, sealed);
        try {
            return c.seal(to, toKey, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
