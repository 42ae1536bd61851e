package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.set.SetValue;

/**
 * One set key as a command saw it under the lock: the value (null when the key was absent), its
 * version and, for a small set, its sealed block, which is all that is needed to open it after the
 * lock is released and to check, under the lock again, that nothing changed in between.
 */
record Seen(byte[] key, SetValue value, long version, byte[] block) {
    /** Looks {@code key} up for writing; WRONGTYPE for another type. */
    static Seen forWrite(CommandContext c, Database db, byte[] key) {
        return of(key, c.keyspace().lookupWrite(db, key));
    }

    /** Looks {@code key} up for reading; WRONGTYPE for another type. */
    static Seen forRead(CommandContext c, Database db, byte[] key) {
        return of(key, c.keyspace().lookup(db, key, c.readLookupFlags()));
    }

    /** The seen state of {@code entry} (null: absent); WRONGTYPE for another type. */
    static Seen of(byte[] key, Entry entry) {
        if (entry == null) {
            return new Seen(key, null, 0, null);
        }
        SetValue set = Values.collection(entry, SetValue.class);
        return new Seen(key, set, set.version(), set.isSmall() ? set.block() : null);
    }

    boolean exists() {
        return value != null;
    }

    boolean small() {
        return value != null && value.isSmall();
    }

    /** The live entry of the key, without touching statistics or access clocks. */
    static Entry entry(CommandContext c, Database db, byte[] key) {
        return c.keyspace().lookup(db, key, Keyspace.NO_TOUCH | Keyspace.NO_STATS);
    }

    /** True when the key holds exactly what was seen (or is still absent). */
    boolean unchanged(CommandContext c, Database db) {
        Entry entry = entry(c, db, key);
        if (value == null) {
            return entry == null;
        }
        return entry != null && entry.value() == value && value.version() == version;
    }

    /**
     * The live large set of the identity seen, or null when the key now holds something else: tokens
     * and members sealed for that identity stay valid whatever else changed in the set.
     */
    SetValue sameLarge(CommandContext c, Database db) {
        return largeOf(entry(c, db, key), value);
    }

    /** The large set held by {@code entry} when it has {@code seen}'s identity, else null. */
    static SetValue largeOf(Entry entry, SetValue seen) {
        if (entry != null && entry.value() instanceof SetValue set && !set.isSmall()
                && set.identity().equals(seen.identity())) {
            return set;
        }
        return null;
    }
}
