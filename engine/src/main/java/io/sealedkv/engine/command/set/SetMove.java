package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SMOVE source destination member: one removal and one addition committed together. Both sets are
 * read under the lock, the work on each (opening a small set's block, a large set's token and the
 * newly sealed member) is done without it, and both changes commit only if neither set changed.
 */
final class SetMove {
    private SetMove() {
    }

    /** One attempt: 1 or 0, or null when a set changed in between. */
    static Long attempt(CommandContext c, byte[] source, byte[] destination, byte[] member, SetLimits limits) {
        Seen from;
        Seen to;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry fromEntry = c.keyspace().lookupWrite(db, source);
            Entry toEntry = c.keyspace().lookupWrite(db, destination);
            if (fromEntry == null) {
                return 0L;
            }
            from = Seen.of(source, fromEntry);
            to = Seen.of(destination, toEntry);
        }
        ElementSealer fromSealer = ElementSealer.of(c.codec(), from.value());
        if (Arrays.equals(source, destination)) {
            return isMember(c, from, fromSealer, member);
        }
        List<byte[]> kept = null;
        byte[] fromToken = null;
        if (from.small()) {
            List<byte[]> members = SetValue.members(fromSealer, from.block());
            try {
                kept = new ArrayList<>(members.size());
                for (byte[] m : members) {
                    if (!Arrays.equals(m, member)) {
                        kept.add(m);
                    }
                }
                if (kept.size() == members.size()) {
                    return 0L;
                }
                return commit(c, from, to, rebuilt(fromSealer, from, kept), null, target(c, to, member, limits));
            } finally {
                Plain.wipe(members);
            }
        }
        fromToken = fromSealer.token(member);
        return commit(c, from, to, null, fromToken, target(c, to, member, limits));
    }

    private static SetValue rebuilt(ElementSealer sealer, Seen seen, List<byte[]> kept) {
        return kept.isEmpty() ? null : SetLimits.smallBlock(sealer, kept, seen.value().integers());
    }

    private static Long isMember(CommandContext c, Seen seen, ElementSealer sealer, byte[] member) {
        if (seen.small()) {
            List<byte[]> members = SetValue.members(sealer, seen.block());
            try {
                return members.stream().anyMatch(m -> Arrays.equals(m, member)) ? 1L : 0L;
            } finally {
                Plain.wipe(members);
            }
        }
        boolean[] found = SetCommands.containsLarge(c, seen, sealer, List.of(member));
        return found == null ? null : found[0] ? 1L : 0L;
    }

    /** What the destination needs: a new set, a grown small set, or a large set's token and sealed member. */
    private record Target(SetValue built, byte[] token, byte[] sealed, boolean alreadyThere) {
    }

    private static Target target(CommandContext c, Seen to, byte[] member, SetLimits limits) {
        if (!to.exists()) {
            return new Target(limits.build(ElementSealer.forNew(c.codec()), List.of(member)), null, null, false);
        }
        ElementSealer sealer = ElementSealer.of(c.codec(), to.value());
        if (!to.small()) {
            return new Target(null, sealer.token(member), sealer.seal(member), false);
        }
        List<byte[]> opened = SetValue.members(sealer, to.block());
        try {
            if (opened.stream().anyMatch(m -> Arrays.equals(m, member))) {
                return new Target(null, null, null, true);
            }
            List<byte[]> members = new ArrayList<>(opened);
            members.add(member);
            return new Target(limits.grown(sealer, members, to.value().integers()), null, null, false);
        } finally {
            Plain.wipe(opened);
        }
    }

    private static Long commit(CommandContext c, Seen from, Seen to, SetValue fromRebuilt, byte[] fromToken,
                               Target target) {
        try (var lock = c.lock()) {
            Database db = c.db();
            SetValue fromLarge = null;
            int fromIndex = -1;
            if (fromToken == null) {
                if (!from.unchanged(c, db)) {
                    return null;
                }
            } else {
                fromLarge = from.sameLarge(c, db);
                if (fromLarge == null) {
                    return null;
                }
                fromIndex = fromLarge.indexOf(fromToken);
            }
            SetValue toLarge = null;
            if (target.token() == null) {
                if (!to.unchanged(c, db)) {
                    return null;
                }
            } else {
                toLarge = to.sameLarge(c, db);
                if (toLarge == null) {
                    return null;
                }
            }
            if (fromToken != null && fromIndex < 0) {
                return 0L;
            }
            Entry fromEntry = Seen.entry(c, db, from.key());
            boolean emptied;
            if (fromToken != null) {
                c.keyspace().writes().modifying(db, fromEntry);
                fromLarge.removeAt(fromIndex);
                emptied = fromLarge.size() == 0;
                if (emptied) {
                    c.keyspace().writes().remove(db, fromEntry);
                }
            } else if (fromRebuilt == null) {
                emptied = true;
                c.keyspace().writes().remove(db, fromEntry);
            } else {
                emptied = false;
                c.keyspace().writes().modifying(db, fromEntry);
                from.value().adopt(fromRebuilt);
            }
            c.notifyEvent(KeyspaceEvents.SET, "srem", from.key());
            if (emptied) {
                c.notifyEvent(KeyspaceEvents.GENERIC, "del", from.key());
            }
            if (addToTarget(c, db, to, target, toLarge)) {
                c.notifyEvent(KeyspaceEvents.SET, "sadd", to.key());
            }
            return 1L;
        }
    }

    /** Adds the moved member to the destination; false when it was there already. */
    private static boolean addToTarget(CommandContext c, Database db, Seen to, Target target, SetValue toLarge) {
        if (target.alreadyThere()) {
            return false;
        }
        if (!to.exists()) {
            c.keyspace().writes().set(db, to.key(), target.built(), false);
            return true;
        }
        Entry toEntry = Seen.entry(c, db, to.key());
        if (toLarge != null) {
            if (toLarge.indexOf(target.token()) >= 0) {
                return false;
            }
            c.keyspace().writes().modifying(db, toEntry);
            toLarge.add(target.token(), target.sealed());
            return true;
        }
        c.keyspace().writes().modifying(db, toEntry);
        to.value().adopt(target.built());
        return true;
    }
}
