package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.zset.ZItem;
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE and its older forms (ZRANGEBYSCORE, ZREVRANGE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX),
 * ZRANGESTORE, and ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX. Ranges are found by rank in
 * O(log n); replies open each member once, after the lock.
 */
final class ZRangeCommands {
    private ZRangeCommands() {
    }

    static void zrange(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, null, false, false));
    }

    static void zrangebyscore(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, RangeQuery.Type.SCORE, false, false));
    }

    static void zrevrangebyscore(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, RangeQuery.Type.SCORE, true, false));
    }

    static void zrevrange(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, RangeQuery.Type.RANK, true, false));
    }

    static void zrangebylex(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, RangeQuery.Type.LEX, false, false));
    }

    static void zrevrangebylex(CommandContext c) {
        range(c, RangeQuery.parse(c, 2, RangeQuery.Type.LEX, true, false));
    }

    private static void range(CommandContext c, RangeQuery query) {
        try {
            ZSetCommands.readAndReply(c, c.arg(1), () -> c.reply().array(0), query::run,
                    (set, items) -> ZReplies.items(c, set, items, query.withScores));
        } finally {
            query.wipe();
        }
    }

    static void zrangestore(CommandContext c) {
        RangeQuery query = RangeQuery.parse(c, 3, null, false, true);
        long stored;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry source = c.keyspace().lookupRead(db, c.arg(2));
            List<ZStore.Member> result = new ArrayList<>();
            if (source != null) {
                try (var set = OpenedZSet.forRead(c, source)) {
                    for (ZItem item : query.run(set.view())) {
                        byte[] member = set.member(item);
                        result.add(new ZStore.Member(item.sealed() ? member : member.clone(), item.score()));
                    }
                }
            }
            ZStore.asListpackUntilConverted(c, result, query.type == RangeQuery.Type.RANK);
            stored = ZStore.store(c, db, c.arg(1), result, "zrangestore");
        } finally {
            query.wipe();
        }
        c.reply().integer(stored);
    }

    static void zremrangebyrank(CommandContext c) {
        removeRange(c, "zremrangebyrank", RangeQuery.removal(c, RangeQuery.Type.RANK));
    }

    static void zremrangebyscore(CommandContext c) {
        removeRange(c, "zremrangebyscore", RangeQuery.removal(c, RangeQuery.Type.SCORE));
    }

    static void zremrangebylex(CommandContext c) {
        removeRange(c, "zremrangebylex", RangeQuery.removal(c, RangeQuery.Type.LEX));
    }

    private static void removeRange(CommandContext c, String event, RangeQuery query) {
        try {
            long removed = ZSetCommands.writeExisting(c, c.arg(1), event, 0L, null, (set, view) -> {
                int[] ranks = query.ranks(view);
                return (long) view.removeRange(ranks[0], ranks[1]).size();
            });
            c.reply().integer(removed);
        } finally {
            query.wipe();
        }
    }

    static List<CommandSpec> table() {
        String rangeComplexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                + "number of elements returned.";
        String removeComplexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                + "number of elements removed by the operation.";
        return List.of(
            ZSetCommands.cmd("zrange", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrange),
            ZSetCommands.cmd("zrangestore", -5).flags("write denyoom").keys(1, 2, 1, "OW update;RO access")
                .run(ZRangeCommands::zrangestore),
            ZSetCommands.cmd("zrangebyscore", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrangebyscore),
            ZSetCommands.cmd("zrevrange", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrevrange),
            ZSetCommands.cmd("zrevrangebyscore", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrevrangebyscore),
            ZSetCommands.cmd("zrangebylex", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrangebylex),
            ZSetCommands.cmd("zrevrangebylex", -4).flags("readonly").keys(1, 1, 1, "RO access")
                .run(ZRangeCommands::zrevrangebylex),
            ZSetCommands.cmd("zremrangebyrank", 4).flags("write").keys(1, 1, 1, "RW delete")
                .run(ZRangeCommands::zremrangebyrank),
            ZSetCommands.cmd("zremrangebyscore", 4).flags("write").keys(1, 1, 1, "RW delete")
                .run(ZRangeCommands::zremrangebyscore),
            ZSetCommands.cmd("zremrangebylex", 4).flags("write").keys(1, 1, 1, "RW delete")
                .run(ZRangeCommands::zremrangebylex));
    }
}
