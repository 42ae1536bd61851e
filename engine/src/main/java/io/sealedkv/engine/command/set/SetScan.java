package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.ScanOptions;
import io.sealedkv.engine.command.keys.ScanCommand;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.types.set.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]. A small set is returned whole with cursor 0, as
 * Redis does for its compact encodings. A large set is walked bucket by bucket with a reverse-binary
 * cursor (about COUNT members per call, at most ten times COUNT buckets), collecting sealed members
 * under the lock and opening them after; MATCH filters the opened members.
 */
final class SetScan {
    private SetScan() {
    }

    static void sscan(CommandContext c) {
        long cursor = ScanCommand.parseCursor(c.arg(2));
        Snapshot snapshot;
        byte[] pattern = null;
        long next = 0;
        try (var lock = c.lock()) {
            Seen seen = Seen.forRead(c, c.db(), c.arg(1));
            if (!seen.exists()) {
                reply(c, 0, List.of());
                return;
            }
            ScanOptions options = ScanOptions.parse(c, 3);
            long count = options.count();
            pattern = options.pattern();
            SetValue set = seen.value();
            ElementSealer sealer = ElementSealer.of(c.codec(), set);
            if (set.isSmall()) {
                snapshot = Snapshot.of(sealer, set);
            } else {
                List<byte[]> visited = new ArrayList<>();
                long buckets = count > Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : count * 10;
                next = cursor;
                do {
                    next = set.scan(next, visited::add);
                } while (next != 0 && --buckets > 0 && visited.size() < count);
                snapshot = new Snapshot(sealer, null, visited.toArray(new byte[0][]));
            }
        }
        List<byte[]> members = snapshot.open();
        List<byte[]> matching = new ArrayList<>(members.size());
        boolean matchAll = pattern == null || (pattern.length == 1 && pattern[0] == '*');
        for (byte[] member : members) {
            if (matchAll || Glob.matches(pattern, member, false)) {
                matching.add(member);
            }
        }
        reply(c, next, matching);
        Plain.wipe(members);
    }

    private static void reply(CommandContext c, long cursor, List<byte[]> members) {
        c.reply().array(2);
        c.reply().bulk(Long.toUnsignedString(cursor));
        c.reply().array(members.size());
        members.forEach(c.reply()::bulk);
    }
}
