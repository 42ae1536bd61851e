package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;

/**
 * One ZADD, parsed: its flags, its scores and where its pairs start. Split from the command so that a
 * pipelined run ({@link ZAddRun}) parses every ZADD before the lock, changes the set under its hold and
 * replies after it, as {@link ZSetCommands#zadd} does in one go.
 */
final class ZAdd {
    static final int NX = 1;
    static final int XX = 2;
    static final int GT = 4;
    static final int LT = 8;
    static final int CH = 16;
    static final int INCR = 32;

    private final int flags;
    private final int first;
    private final double[] scores;

    /** Whether it only updates members already there (XX): it never inserts, so never seals a member. */
    boolean updatesOnly() {
        return (flags & XX) != 0;
    }

    private ZAdd(int flags, int first, double[] scores) {
        this.flags = flags;
        this.first = first;
        this.scores = scores;
    }

    /** The ZADD in {@code c}'s arguments; throws its syntax or option error. */
    static ZAdd parse(CommandContext c) {
        int flags = 0;
        int i = 2;
        for (; i < c.argc(); i++) {
            int flag = c.argIs(i, "nx") ? NX : c.argIs(i, "xx") ? XX : c.argIs(i, "gt") ? GT : c.argIs(i, "lt") ? LT
                    : c.argIs(i, "ch") ? CH : c.argIs(i, "incr") ? INCR : 0;
            if (flag == 0) {
                break;
            }
            flags |= flag;
        }
        int elements = c.argc() - i;
        if (elements % 2 != 0 || elements == 0) {
            throw Errors.syntax();
        }
        if ((flags & NX) != 0 && (flags & XX) != 0) {
            throw Errors.generic("XX and NX options at the same time are not compatible");
        }
        if (Integer.bitCount(flags & (NX | GT | LT)) > 1) {
            throw Errors.generic("GT, LT, and/or NX options at the same time are not compatible");
        }
        if ((flags & INCR) != 0 && elements > 2) {
            throw Errors.generic("INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements / 2];
        for (int p = 0; p < scores.length; p++) {
            scores[p] = ZSetCommands.parseScore(c.arg(i + 2 * p));
        }
        return new ZAdd(flags, i, scores);
    }

    /** The keyspace notification of the change. */
    String event() {
        return (flags & INCR) != 0 ? "zincr" : "zadd";
    }

    /** The member arguments (looked up by the change). */
    byte[][] members(CommandContext c) {
        byte[][] members = new byte[scores.length][];
        for (int p = 0; p < members.length; p++) {
            members[p] = c.arg(first + 2 * p + 1);
        }
        return members;
    }

    /** The length of the first member, which decides a new set's encoding as in Redis 7.0. */
    long firstLength(CommandContext c) {
        return c.arg(first + 1).length;
    }

    /**
     * The change: {added, updated, 0} or, when a score was set with INCR, {added, updated, 1, its bits}.
     */
    ZSetCommands.Change<long[]> change(CommandContext c) {
        return (set, view) -> {
            long[] counts = new long[3];
            Double[] incremented = {null};
            for (int p = 0; p < scores.length; p++) {
                byte[] member = c.arg(first + 2 * p + 1);
                ZSetCommands.Outcome done = ZSetCommands.add(c, set, view, member, scores[p], flags, incremented);
                if (done == ZSetCommands.Outcome.ADDED) {
                    counts[0]++;
                } else if (done == ZSetCommands.Outcome.UPDATED) {
                    counts[1]++;
                }
            }
            return incremented[0] == null ? counts : new long[] {counts[0], counts[1], 1,
                Double.doubleToRawLongBits(incremented[0])};
        };
    }

    /** Runs the change on its own (creating the set when missing) and returns its outcome. */
    long[] write(CommandContext c) {
        return ZSetCommands.write(c, c.arg(1), event(), 1, firstLength(c), members(c), change(c));
    }

    /** The reply to the {@link #change}'s outcome. */
    void reply(CommandContext c, long[] outcome) {
        if ((flags & INCR) != 0) {
            ZReplies.scoreOrNull(c, outcome[2] == 0 ? null : Double.longBitsToDouble(outcome[3]));
        } else {
            c.reply().integer((flags & CH) != 0 ? outcome[0] + outcome[1] : outcome[0]);
        }
    }
}
