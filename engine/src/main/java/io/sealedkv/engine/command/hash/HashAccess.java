package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Optimistic;
import io.sealedkv.engine.command.RecentCollection;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How hash commands reach a hash with the crypto outside the keyspace lock. A command takes a
 * {@link Snapshot} under the lock (the hash object and, for a listpack, its sealed block, or the
 * sealed pairs it needs), opens, computes and seals without the lock, and when it must look again or
 * commit, takes the lock and checks the key still holds the same hash (and, for a listpack, the same
 * block): else the attempt returns null and starts over ({@link Optimistic}: after a few lost races the
 * command runs holding the lock throughout, so a hash rewritten without pause cannot starve it). An
 * edit of the hashtable this thread changed last ({@link #RECENT}) skips the first look under the lock:
 * it tokenizes and seals for that hash straight away and commits if the key still holds it.
 */
final class HashAccess {
    /** The hashtable-encoded hash each network thread changed last. */
    private static final RecentCollection<HashValue> RECENT = new RecentCollection<>();
    /** Stands for a field found but not opened (HEXISTS of a hashtable). */
    static final byte[] PRESENT = new byte[0];

    private HashAccess() {
    }

    /**
     * What a read saw under the lock: the hash (null when the key is missing), its block for a
     * listpack, and for a hashtable every sealed pair when asked for.
     */
    record Snapshot(HashValue hash, byte[] block, List<byte[]> sealedPairs) {
        boolean missing() {
            return hash == null;
        }

        ElementSealer sealer(CommandContext c) {
            return ElementSealer.of(c.codec(), hash);
        }

        /** Every pair in clear (listpack order, or the table's), to wipe by the caller. */
        PairList open(CommandContext c) {
            ElementSealer sealer = sealer(c);
            if (block != null) {
                return PairList.decode(sealer.open(block));
            }
            return openPairs(sealer, sealedPairs);
        }
    }

    /** The pairs sealed in {@code sealed}, opened, in that order (to wipe by the caller). */
    static PairList openPairs(ElementSealer sealer, List<byte[]> sealed) {
        PairList all = new PairList();
        try {
            for (byte[] pair : sealed) {
                PairList one = PairList.decode(sealer.open(pair));
                all.append(one.field(0), one.value(0));
            }
        } catch (RuntimeException e) {
            all.wipe();
            throw e;
        }
        return all;
    }

    /** Reads the hash at {@code key} (a read access); {@code allPairs} collects a hashtable's pairs. */
    static Snapshot snapshot(CommandContext c, byte[] key, boolean allPairs) {
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookup(c.db(), key, c.readLookupFlags());
            if (entry == null) {
                return new Snapshot(null, null, null);
            }
            HashValue hash = Values.collection(entry, HashValue.class);
            List<byte[]> pairs = null;
            if (!hash.isListpack() && allPairs) {
                pairs = new ArrayList<>(hash.table().size());
                hash.table().forEachSealed(pairs::add);
            }
            return new Snapshot(hash, hash.block(), pairs);
        }
    }

    /** The live entry still holding {@code hash}, or null; call under the lock. */
    static Entry stillHolding(CommandContext c, byte[] key, HashValue hash) {
        Entry entry = c.keyspace().lookup(c.db(), key, Keyspace.NO_TOUCH | Keyspace.NO_STATS);
        return entry != null && entry.value() == hash ? entry : null;
    }

    /**
     * The values of {@code fields} in the hash at {@code key} (null where a field is absent, the array
     * itself null when the key is missing); with {@code open} false a hashtable's fields found are
     * {@link #PRESENT}, unopened. Values are plaintext copies the caller wipes.
     */
    static byte[][] values(CommandContext c, byte[] key, byte[][] fields, boolean open) {
        return Optimistic.run(c, () -> {
            Snapshot s = snapshot(c, key, false);
            if (s.missing()) {
                return new byte[][][] {null};
            }
            byte[][] values = new byte[fields.length][];
            if (s.hash().isListpack()) {
                PairList pairs = s.open(c);
                for (int i = 0; i < fields.length; i++) {
                    byte[] value = pairs.get(fields[i]);
                    values[i] = value == null ? null : value.clone();
                }
                pairs.wipe();
                return new byte[][][] {values};
            }
            ElementSealer sealer = s.sealer(c);
            byte[][] tokens = tokens(sealer, fields);
            byte[][] sealed = new byte[fields.length][];
            try (var lock = c.lock()) {
                if (stillHolding(c, key, s.hash()) == null) {
                    return null;
                }
                for (int i = 0; i < fields.length; i++) {
                    sealed[i] = s.hash().table().get(tokens[i]);
                }
            }
            for (int i = 0; i < fields.length; i++) {
                values[i] = sealed[i] == null ? null : open ? openValue(sealer, sealed[i], fields[i]) : PRESENT;
            }
            return new byte[][][] {values};
        })[0];
    }

    static byte[][] tokens(ElementSealer sealer, byte[][] fields) {
        byte[][] tokens = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            tokens[i] = sealer.token(fields[i]);
        }
        return tokens;
    }

    /**
     * The value of a sealed pair found by the token of {@code field}: the pair must hold that very
     * field, so a pair moved under another token is refused rather than answered.
     */
    static byte[] openValue(ElementSealer sealer, byte[] sealed, byte[] field) {
        PairList pair = PairList.decode(sealer.open(sealed));
        try {
            if (!Arrays.equals(pair.field(0), field)) {
                throw new CommandException("ERR cannot open or seal the value: a hash field is not the one its "
                        + "token names");
            }
            return pair.value(0).clone();
        } finally {
            pair.wipe();
        }
    }

    static void wipe(byte[][] plaintexts) {
        if (plaintexts != null) {
            for (byte[] p : plaintexts) {
                if (p != null) {
                    Arrays.fill(p, (byte) 0);
                }
            }
        }
    }

    /** A change to one hash; see {@link #edit}. */
    abstract static class Edit<R> {
        /** The reply when the key is missing and the edit does not create it, or null to create it. */
        R onMissing() {
            return null;
        }

        /** Edits the pairs of a listpack hash (none for a new one); the reply. Runs outside the lock. */
        abstract R editPairs(PairList pairs);

        /** Outside the lock, for a hashtable: tokens, seals and any reads it needs ({@code current}). */
        abstract void prepareTable(ElementSealer sealer, PairReader current);

        /** Under the lock: applies what was prepared (calling {@code change.before()} first); null to restart. */
        abstract R applyToTable(FieldTable table, Change change);

        /** True when the notification fires even if the pairs came out unchanged (HSET of the same value). */
        boolean notifiesUnchanged() {
            return false;
        }
    }

    /** Reads one sealed pair of a hashtable under the lock (null when absent or the hash changed). */
    interface PairReader {
        byte[] sealed(byte[] token);
    }

    /** Announces the change of a stored hash to the write path, once. */
    static final class Change {
        private final CommandContext c;
        private final Database db;
        private final Entry entry;
        private boolean announced;

        Change(CommandContext c, Database db, Entry entry) {
            this.c = c;
            this.db = db;
            this.entry = entry;
        }

        boolean announced() {
            return announced;
        }

        void before() {
            if (!announced) {
                announced = true;
                c.keyspace().writes().modifying(db, entry);
            }
        }
    }

    /**
     * Applies {@code edit} to the hash at {@code key} atomically, creating or deleting the key as needed;
     * a change fires the hash notification {@code event} (then del when the hash is gone).
     */
    static <R> R edit(CommandContext c, byte[] key, String event, Edit<R> edit) {
        HashValue recent = RECENT.get(c.db().index(), key);
        if (recent != null && !recent.isListpack()) {
            R reply = tableAttempt(c, key, event, recent, edit);
            if (reply != null) {
                return reply;
            }
        }
        return Optimistic.run(c, () -> attempt(c, key, event, edit));
    }

    private static <R> R attempt(CommandContext c, byte[] key, String event, Edit<R> edit) {
        HashValue hash;
        byte[] block;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupWrite(c.db(), key);
            hash = entry == null ? null : Values.collection(entry, HashValue.class);
            block = hash == null ? null : hash.block();
        }
        if (hash == null) {
            R reply = edit.onMissing();
            if (reply != null) {
                return reply;
            }
        }
        if (hash != null && !hash.isListpack()) {
            return tableAttempt(c, key, event, hash, edit);
        }
        ElementSealer sealer = hash == null ? ElementSealer.forNew(c.codec()) : ElementSealer.of(c.codec(), hash);
        PairList pairs = hash == null ? new PairList() : PairList.decode(sealer.open(block));
        try {
            R reply = edit.editPairs(pairs);
            if (!pairs.modified()) {
                if (hash != null && edit.notifiesUnchanged()) {
                    try (var lock = c.lock()) {
                        c.notifyEvent(KeyspaceEvents.HASH, event, key);
                    }
                }
                return reply;
            }
            return commitPairs(c, key, event, hash, block, sealer, pairs) ? reply : null;
        } finally {
            pairs.wipe();
        }
    }

    private static <R> R tableAttempt(CommandContext c, byte[] key, String event, HashValue hash, Edit<R> edit) {
        ElementSealer sealer = ElementSealer.of(c.codec(), hash);
        edit.prepareTable(sealer, token -> {
            try (var lock = c.lock()) {
                return stillHolding(c, key, hash) == null ? null : hash.table().get(token);
            }
        });
        return commitTable(c, key, c.prepare(key), event, hash, edit);
    }

    /** The hashtable-encoded hash this thread changed last at {@code key}, or null. */
    static HashValue recentTable(CommandContext c, byte[] key) {
        HashValue recent = RECENT.get(c.db().index(), key);
        return recent != null && !recent.isListpack() ? recent : null;
    }

    /**
     * Under the lock, applies an edit {@linkplain Edit#prepareTable prepared} for the hashtable {@code hash}
     * to the key {@code key} (of hash {@code keyHash}) if it still holds that hash; null when it does not
     * (nothing changed) or the edit asks to restart.
     */
    static <R> R commitTable(CommandContext c, byte[] key, int keyHash, String event, HashValue hash, Edit<R> edit) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key, keyHash);
            if (entry == null || entry.value() != hash) {
                RECENT.forget(db.index(), key);
                return null;
            }
            Change change = new Change(c, db, entry);
            R reply = edit.applyToTable(hash.table(), change);
            if (reply != null && change.announced()) {
                c.notifyEvent(KeyspaceEvents.HASH, event, key);
            }
            if (reply != null && hash.size() == 0) {
                c.keyspace().writes().remove(db, entry);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            } else if (reply != null) {
                RECENT.set(db.index(), key, hash);
            }
            return reply;
        }
    }

    /** Seals the edited pairs (a block, or a table once past the thresholds) and stores them; false to restart. */
    private static boolean commitPairs(CommandContext c, byte[] key, String event, HashValue hash, byte[] block,
                                       ElementSealer sealer, PairList pairs) {
        byte[] sealedBlock = null;
        FieldTable table = null;
        if (pairs.size() > 0) {
            if (pairs.size() > c.server().config().longValue("hash-max-listpack-entries")
                    || pairs.longestWritten() > c.server().config().longValue("hash-max-listpack-value")) {
                table = table(sealer, pairs);
            } else {
                byte[] layout = pairs.encode();
                sealedBlock = sealer.seal(layout);
                Arrays.fill(layout, (byte) 0);
            }
        }
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, key);
            if (hash == null) {
                if (entry != null) {
                    return false;
                }
                c.keyspace().writes().set(db, key, table != null ? HashValue.hashtable(sealer.identity(), table)
                        : HashValue.listpack(sealer.identity(), sealedBlock, pairs.size()), false);
                c.notifyEvent(KeyspaceEvents.HASH, event, key);
                return true;
            }
            if (entry == null || entry.value() != hash || !hash.holdsBlock(block)) {
                return false;
            }
            c.notifyEvent(KeyspaceEvents.HASH, event, key);
            if (pairs.size() == 0) {
                c.keyspace().writes().remove(db, entry);
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
                return true;
            }
            c.keyspace().writes().modifying(db, entry);
            if (table != null) {
                hash.convert(table);
            } else {
                hash.replaceBlock(sealedBlock, pairs.size());
            }
            return true;
        }
    }

    /** The hashtable of {@code pairs}: each field's token to its sealed pair. */
    private static FieldTable table(ElementSealer sealer, PairList pairs) {
        FieldTable table = new FieldTable();
        for (int i = 0; i < pairs.size(); i++) {
            byte[] layout = PairList.encodePair(pairs.field(i), pairs.value(i));
            table.put(sealer.token(pairs.field(i)), sealer.seal(layout));
            Arrays.fill(layout, (byte) 0);
        }
        return table;
    }
}
