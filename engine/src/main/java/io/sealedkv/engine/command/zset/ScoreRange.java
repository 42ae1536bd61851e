package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.SortedView;

/** A score interval as ZRANGEBYSCORE reads it: each end a number, "(" before it for exclusive. */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    static ScoreRange parse(byte[] min, byte[] max) {
        boolean minExclusive = min.length > 0 && min[0] == '(';
        boolean maxExclusive = max.length > 0 && max[0] == '(';
        Double low = Scores.parseBound(min, minExclusive ? 1 : 0);
        Double high = Scores.parseBound(max, maxExclusive ? 1 : 0);
        if (low == null || high == null) {
            throw notFloat();
        }
        return new ScoreRange(low, minExclusive, high, maxExclusive);
    }

    static CommandException notFloat() {
        return Errors.generic("min or max is not a float");
    }

    /** The first rank in the range. */
    int first(SortedView view) {
        return view.firstFrom(min, minExclusive);
    }

    /** The rank after the last in the range (at most {@link #first} when the range is empty). */
    int end(SortedView view) {
        return view.endAt(max, maxExclusive);
    }
}
