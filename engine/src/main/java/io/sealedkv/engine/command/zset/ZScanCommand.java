package io.sealedkv.engine.command.zset;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.ScanOptions;
import io.sealedkv.engine.command.keys.ScanCommand;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.zset.Scores;
import io.sealedkv.engine.types.zset.ZItem;
import io.sealedkv.engine.types.zset.ZTree;
import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]. A listpack set comes back whole with cursor 0, its
 * scores as the listpack holds them, as in Redis; a skiplist set is scanned over the buckets of its token
 * table with a reverse-binary cursor, about COUNT members per call. MATCH opens the members visited (after
 * the lock) and filters them.
 */
final class ZScanCommand {
    private ZScanCommand() {
    }

    static void zscan(CommandContext c) {
        long cursor = ScanCommand.parseCursor(c.arg(2));
        OpenedZSet set;
        List<ZItem> items = new ArrayList<>();
        byte[] pattern = null;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            if (entry == null) {
                emptyScan(c);
                return;
            }
            set = OpenedZSet.forRead(c, entry);
            ScanOptions options = ScanOptions.parse(c, 3);
            long count = options.count();
            pattern = options.pattern();
            if (set.isTree()) {
                ZTree tree = set.tree();
                long buckets = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
                do {
                    cursor = tree.scan(cursor, (element, score) -> items.add(new ZItem(tree.sealed(element), true, score)));
                } while (cursor != 0 && --buckets > 0 && items.size() < count);
            } else {
                cursor = 0;
            }
        }
        try (set) {
            if (!set.isTree()) {
                items.addAll(set.view().items(0, set.view().size(), false));
            }
            reply(c, set, items, cursor, pattern);
        }
    }

    private static void emptyScan(CommandContext c) {
        c.reply().array(2);
        c.reply().bulk("0");
        c.reply().array(0);
    }

    private static void reply(CommandContext c, OpenedZSet set, List<ZItem> items, long cursor, byte[] pattern) {
        List<byte[]> members = new ArrayList<>(items.size());
        List<ZItem> kept = new ArrayList<>(items.size());
        try {
            for (ZItem item : items) {
                byte[] member = set.member(item);
                if (pattern == null || Glob.matches(pattern, member, false)) {
                    members.add(member);
                    kept.add(item);
                } else {
                    OpenedZSet.release(item, member);
                }
            }
            c.reply().array(2);
            c.reply().bulk(Long.toUnsignedString(cursor));
            c.reply().array(kept.size() * 2);
            for (int i = 0; i < kept.size(); i++) {
                c.reply().bulk(members.get(i));
                double score = kept.get(i).score();
                c.reply().bulk(set.isTree() ? Scores.format(score) : Scores.listpackText(score));
            }
        } finally {
            for (int i = 0; i < kept.size(); i++) {
                OpenedZSet.release(kept.get(i), members.get(i));
            }
        }
    }

    static CommandSpec spec() {
        return ZSetCommands.cmd("zscan", -3).flags("readonly").keys(1, 1, 1, "RO access")
            .tips("nondeterministic_output")
            .run(ZScanCommand::zscan);
    }
}
