package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.types.zset.LexBound;
import io.sealedkv.engine.types.zset.SortedView;
import io.sealedkv.engine.types.zset.ZItem;
import java.util.List;

/**
 * A parsed ZRANGE-family request: by rank, score or member, forward or reversed, with LIMIT and
 * WITHSCORES, parsed with Redis's rules and in its order (options first, then the two ends).
 */
final class RangeQuery {
    enum Type { RANK, SCORE, LEX }

    Type type;
    boolean reverse;
    boolean withScores;
    long offset;
    long limit = -1;
    private long start;
    private long stop;
    private ScoreRange scores;
    private LexBound lexMin;
    private LexBound lexMax;

    /**
     * Parses arguments from {@code minIndex}: the two ends, then options. {@code type} and
     * {@code reverse} are fixed by the command (ZRANGEBYSCORE, ZREVRANGE, ...) or null and false for
     * ZRANGE and ZRANGESTORE, which take BYSCORE, BYLEX and REV; a store takes no WITHSCORES.
     */
    static RangeQuery parse(CommandContext c, int minIndex, Type type, boolean reverse, boolean store) {
        RangeQuery q = new RangeQuery();
        boolean open = type == null;
        q.type = type;
        q.reverse = reverse;
        for (int j = minIndex + 2; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (!store && c.argIs(j, "withscores")) {
                q.withScores = true;
            } else if (c.argIs(j, "limit") && left >= 2) {
                q.offset = c.argLong(j + 1);
                q.limit = c.argLong(j + 2);
                j += 2;
            } else if (open && !q.reverse && c.argIs(j, "rev")) {
                q.reverse = true;
            } else if (open && q.type == null && c.argIs(j, "bylex")) {
                q.type = Type.LEX;
            } else if (open && q.type == null && c.argIs(j, "byscore")) {
                q.type = Type.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        if (q.type == null) {
            q.type = Type.RANK;
        }
        if (q.limit != -1 && q.type == Type.RANK) {
            throw Errors.generic("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (q.withScores && q.type == Type.LEX) {
            throw Errors.generic("syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int low = minIndex;
        int high = minIndex + 1;
        if (q.reverse && q.type != Type.RANK) {
            low = minIndex + 1;
            high = minIndex;
        }
        switch (q.type) {
            case RANK -> {
                q.start = c.argLong(low);
                q.stop = c.argLong(high);
            }
            case SCORE -> q.scores = ScoreRange.parse(c.arg(low), c.arg(high));
            case LEX -> {
                q.lexMin = LexBound.parse(c.arg(low));
                q.lexMax = LexBound.parse(c.arg(high));
                if (q.lexMin == null || q.lexMax == null) {
                    q.wipe();
                    throw ZSetCommands.notLexRange();
                }
            }
        }
        return q;
    }

    /** The items in the range, in reply order. */
    List<ZItem> run(SortedView view) {
        if (type == Type.RANK) {
            int size = view.size();
            long first = start < 0 ? size + start : start;
            long last = stop < 0 ? size + stop : stop;
            first = Math.max(first, 0);
            if (first > last || first >= size) {
                return List.of();
            }
            last = Math.min(last, size - 1);
            return reverse ? view.items((int) (size - 1 - last), (int) (size - first), true)
                    : view.items((int) first, (int) last + 1, false);
        }
        int lo;
        int hi;
        if (type == Type.SCORE) {
            lo = scores.first(view);
            hi = scores.end(view);
        } else {
            if (LexBound.emptyRange(lexMin, lexMax)) {
                return List.of();
            }
            lo = view.firstFromLex(lexMin);
            hi = view.endAtLex(lexMax);
        }
        long available = (long) hi - lo - offset;
        if (offset < 0 || available <= 0) {
            return List.of();
        }
        int count = (int) (limit < 0 ? available : Math.min(available, limit));
        if (count == 0) {
            return List.of();
        }
        return reverse ? view.items((int) (hi - offset - count), (int) (hi - offset), true)
                : view.items((int) (lo + offset), (int) (lo + offset + count), false);
    }

    /** The ranks a ZREMRANGEBY* removes: {from, to}. */
    int[] ranks(SortedView view) {
        int size = view.size();
        if (type == Type.RANK) {
            long first = start < 0 ? size + start : start;
            long last = stop < 0 ? size + stop : stop;
            first = Math.max(first, 0);
            if (first > last || first >= size) {
                return new int[] {0, 0};
            }
            return new int[] {(int) first, (int) Math.min(last, size - 1) + 1};
        }
        if (type == Type.SCORE) {
            int lo = scores.first(view);
            return new int[] {lo, Math.max(lo, scores.end(view))};
        }
        if (LexBound.emptyRange(lexMin, lexMax)) {
            return new int[] {0, 0};
        }
        int lo = view.firstFromLex(lexMin);
        return new int[] {lo, Math.max(lo, view.endAtLex(lexMax))};
    }

    /** A ZREMRANGEBY* range of {@code type} from arguments 2 and 3. */
    static RangeQuery removal(CommandContext c, Type type) {
        RangeQuery q = new RangeQuery();
        q.type = type;
        switch (type) {
            case RANK -> {
                q.start = c.argLong(2);
                q.stop = c.argLong(3);
            }
            case SCORE -> q.scores = ScoreRange.parse(c.arg(2), c.arg(3));
            case LEX -> {
                q.lexMin = LexBound.parse(c.arg(2));
                q.lexMax = LexBound.parse(c.arg(3));
                if (q.lexMin == null || q.lexMax == null) {
                    q.wipe();
                    throw ZSetCommands.notLexRange();
                }
            }
        }
        return q;
    }

    /** Wipes the member bytes of lexicographical bounds. */
    void wipe() {
        if (lexMin != null) {
            lexMin.wipe();
        }
        if (lexMax != null) {
            lexMax.wipe();
        }
    }
}
