package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.ScanOptions;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.command.keys.ScanCommand;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count], as Redis 7.0: a listpack hash comes back whole with
 * cursor 0; a hashtable is walked bucket by bucket (reverse binary cursor) until about COUNT fields
 * (Redis 7.0 counts fields, not the reply's elements) or COUNT*10 buckets. The pairs are collected under the lock and
 * opened after; MATCH filters on the opened fields.
 */
final class HashScan {
    private static final byte[] ZERO = {'0'};

    private HashScan() {
    }

    static void hscan(CommandContext c) {
        long cursor = ScanCommand.parseCursor(c.arg(2));
        HashValue hash;
        byte[] block;
        List<byte[]> sealed = new ArrayList<>();
        byte[] pattern;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            if (entry == null) {
                c.reply().array(2);
                c.reply().bulk(ZERO);
                c.reply().array(0);
                return;
            }
            hash = Values.collection(entry, HashValue.class);
            block = hash.block();
            ScanOptions options = ScanOptions.parse(c, 3);
            long count = options.count();
            pattern = options.pattern();
            if (block != null) {
                cursor = 0;
            } else {
                long buckets = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
                do {
                    cursor = hash.table().scan(cursor, sealed::add);
                } while (cursor != 0 && --buckets > 0 && sealed.size() < count);
            }
        }
        PairList pairs = block != null ? PairList.decode(ElementSealer.of(c.codec(), hash).open(block))
                : HashAccess.openPairs(ElementSealer.of(c.codec(), hash), sealed);
        try {
            boolean matchAll = pattern == null || (pattern.length == 1 && pattern[0] == '*');
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (matchAll || Glob.matches(pattern, pairs.field(i), false)) {
                    kept.add(i);
                }
            }
            c.reply().array(2);
            c.reply().bulk(Long.toUnsignedString(cursor));
            c.reply().array(kept.size() * 2);
            for (int i : kept) {
                c.reply().bulk(pairs.field(i));
                c.reply().bulk(pairs.value(i));
            }
        } finally {
            pairs.wipe();
        }
    }

    static CommandSpec spec() {
        return HashCommands.cmd("hscan", -3).flags("readonly").keys(1, 1, 1, "RO access")
            .tips("nondeterministic_output")
            .run(HashScan::hscan);
    }
}
