package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;

/**
 * A string value as a read-only command takes it under the lock: the sealed bytes (never modified
 * once stored) and the database identity it was sealed for, to be opened after the lock is released.
 */
record SealedString(long dbId, byte[] key, byte[] sealed) {

    /** Looks {@code key} up for reading under the lock; null when absent, WRONGTYPE for other types. */
    static SealedString read(CommandContext c, byte[] key) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupRead(db, key);
            return entry == null ? null : new SealedString(db.id(), key, Values.string(entry));
        }
    }

    /** The plaintext; the caller wipes it when done. */
    byte[] open(CommandContext c) {
        return c.open(dbId, key, sealed);
    }
}
