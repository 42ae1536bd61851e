package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.set.MemberBlock;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The thresholds that decide a set's form, read from the configuration when a command starts, and
 * the building of sets from opened members by them, as Redis 7.2 decides its encodings: all-integer
 * members within set-max-intset-entries give an intset-like block; members within
 * set-max-listpack-entries and -value a listpack-like block; anything larger the per-member table.
 */
record SetLimits(long intsetEntries, long listpackEntries, long listpackValue) {
    private static final Comparator<byte[]> BY_INTEGER = Comparator.comparingLong(Args::parseLong);

    static SetLimits of(CommandContext c) {
        var config = c.server().config();
        return new SetLimits(Math.min(config.longValue("set-max-intset-entries"), 1L << 30),
                config.longValue("set-max-listpack-entries"), config.longValue("set-max-listpack-value"));
    }

    static boolean isInteger(byte[] member) {
        return Args.tryParseLong(member) != null;
    }

    static boolean allIntegers(List<byte[]> members) {
        for (byte[] member : members) {
            if (!isInteger(member)) {
                return false;
            }
        }
        return true;
    }

    boolean fitsListpack(List<byte[]> members) {
        if (members.size() > listpackEntries) {
            return false;
        }
        for (byte[] member : members) {
            if (member.length > listpackValue) {
                return false;
            }
        }
        return true;
    }

    /** A new set of distinct {@code members} (not empty) for {@code sealer}'s identity, in the form they call for. */
    SetValue build(ElementSealer sealer, List<byte[]> members) {
        if (allIntegers(members) && members.size() <= intsetEntries) {
            return smallBlock(sealer, members, true);
        }
        if (fitsListpack(members)) {
            return smallBlock(sealer, members, false);
        }
        return large(sealer, members);
    }

    /**
     * The set a small set becomes with {@code members} (its old members first, then the added ones):
     * it stays an intset while every member is an integer and it fits, else it becomes (or stays) a
     * listpack while it fits, else a table.
     */
    SetValue grown(ElementSealer sealer, List<byte[]> members, boolean wasIntegers) {
        if (wasIntegers && allIntegers(members)) {
            return members.size() <= intsetEntries ? smallBlock(sealer, members, true) : large(sealer, members);
        }
        return fitsListpack(members) ? smallBlock(sealer, members, false) : large(sealer, members);
    }

    /** A small set of {@code members}; an intset's are sorted as integers first. */
    static SetValue smallBlock(ElementSealer sealer, List<byte[]> members, boolean integers) {
        List<byte[]> ordered = members;
        if (integers) {
            ordered = new ArrayList<>(members);
            ordered.sort(BY_INTEGER);
        }
        byte[] plain = MemberBlock.encode(ordered);
        try {
            return SetValue.small(sealer.identity(), sealer.seal(plain), members.size(), integers);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static SetValue large(ElementSealer sealer, List<byte[]> members) {
        SetValue set = SetValue.large(sealer.identity(), members.size());
        for (byte[] member : members) {
            set.add(sealer.token(member), sealer.seal(member));
        }
        return set;
    }
}
