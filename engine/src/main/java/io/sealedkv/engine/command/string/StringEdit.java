package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.Arrays;

/**
 * Editing a string in place under the keyspace lock: open the current value (or start empty), change
 * a copy, seal it and store it through the write path. The plaintext never outlives the edit.
 */
final class StringEdit {
    private static final byte[] EMPTY = new byte[0];
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private StringEdit() {
    }

    /** The plaintext of a live string entry, or an empty array for a missing key; under the lock. */
    static byte[] open(CommandContext c, Database db, Entry entry) {
        return entry == null ? EMPTY : c.open(db.id(), entry.key(), Values.string(entry));
    }

    /**
     * Refuses a string reaching {@code offset + extra} bytes when that exceeds {@code proto-max-bulk-len}
     * (or what a Java array can hold).
     */
    static void checkLength(CommandContext c, long offset, long extra) {
        long total = offset > Long.MAX_VALUE - extra ? Long.MAX_VALUE : offset + extra;
        if (total > MAX_ARRAY_LENGTH) {
            throw Errors.stringTooLong();
        }
        StringCommands.checkLength(c, total);
    }

    /** A zero-padded copy of {@code plaintext} at least {@code length} bytes long; wipes the original. */
    static byte[] grown(byte[] plaintext, int length) {
        if (plaintext.length >= length) {
            return plaintext;
        }
        byte[] grown = Arrays.copyOf(plaintext, length);
        Arrays.fill(plaintext, (byte) 0);
        return grown;
    }

    /**
     * Seals {@code plaintext} for {@code key} and stores it as edited in place: a new key when
     * {@code entry} is null, else the entry's value is replaced and its expiry kept; fires the string
     * keyspace notification {@code event} unless it is null. Wipes the plaintext.
     */
    static void store(CommandContext c, Database db, byte[] key, Entry entry, byte[] plaintext, String event) {
        try {
            byte[] sealed = c.seal(db, key, plaintext);
            if (entry == null) {
                c.keyspace().writes().set(db, key, sealed, false, StringOrigin.EDITED);
            } else {
                c.keyspace().writes().replace(db, entry, sealed, StringOrigin.EDITED);
            }
            if (event != null) {
                c.notifyEvent(KeyspaceEvents.STRING, event, key);
            }
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static void wipe(byte[] plaintext) {
        Arrays.fill(plaintext, (byte) 0);
    }
}
