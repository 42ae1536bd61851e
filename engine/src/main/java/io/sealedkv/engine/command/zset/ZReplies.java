package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.ZItem;
import java.util.List;

/** How sorted-set replies are shaped in RESP2 and RESP3; members are opened one at a time and wiped. */
final class ZReplies {
    private ZReplies() {
    }

    static void score(CommandContext c, double score) {
        c.reply().doubleValue(Scores.format(score));
    }

    static void scoreOrNull(CommandContext c, Double score) {
        if (score == null) {
            c.reply().nullBulk();
        } else {
            score(c, score);
        }
    }

    /** One member; {@code set} opens it when sealed (it may be null for items in clear). */
    static void member(CommandContext c, OpenedZSet set, ZItem item) {
        byte[] member = item.sealed() ? set.member(item) : item.member();
        try {
            c.reply().bulk(member);
        } finally {
            OpenedZSet.release(item, member);
        }
    }

    /**
     * Members, or with scores: RESP2 one flat array (member, score, ...), RESP3 an array of
     * [member, score] pairs (ZRANGE, ZUNION, ZRANDMEMBER, ZPOPMIN with a count).
     */
    static void items(CommandContext c, OpenedZSet set, List<ZItem> items, boolean withScores) {
        if (!withScores) {
            c.reply().array(items.size());
            items.forEach(item -> member(c, set, item));
            return;
        }
        boolean pairs = c.reply().resp3();
        c.reply().array(pairs ? items.size() : items.size() * 2);
        for (ZItem item : items) {
            if (pairs) {
                c.reply().array(2);
            }
            member(c, set, item);
            score(c, item.score());
        }
    }

    /** Always a flat array of member, score, ... in both protocols (ZPOPMIN without a count). */
    static void flat(CommandContext c, OpenedZSet set, List<ZItem> items) {
        c.reply().array(items.size() * 2);
        for (ZItem item : items) {
            member(c, set, item);
            score(c, item.score());
        }
    }

    /** Always [member, score] pairs in both protocols (ZMPOP). */
    static void nested(CommandContext c, OpenedZSet set, List<ZItem> items) {
        c.reply().array(items.size());
        for (ZItem item : items) {
            c.reply().array(2);
            member(c, set, item);
            score(c, item.score());
        }
    }
}
