package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.ScanOptions;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. Visits about COUNT keys per call (at most ten
 * times as many buckets); MATCH and TYPE filter after the visit, so a call may return fewer keys than
 * COUNT, or none, before the cursor comes back to 0. Expired keys met are deleted.
 */
public final class ScanCommand {
    private static final long MAX_BEFORE_DIGIT = Long.divideUnsigned(-1L, 10);
    private static final long MAX_LAST_DIGIT = Long.remainderUnsigned(-1L, 10);

    private ScanCommand() {
    }

    static void scan(CommandContext c) {
        long cursor = parseCursor(c.arg(1));
        ScanOptions options = ScanOptions.parseWithType(c, 2);
        byte[] pattern = options.pattern();
        long count = options.count();
        String type = options.type();
        boolean matchAll = pattern != null && pattern.length == 1 && pattern[0] == '*';
        ValueType wanted = type == null ? null : ValueType.byName(type);
        List<byte[]> keys = new ArrayList<>();
        try (var lock = c.lock()) {
            Database db = c.db();
            List<Entry> visited = new ArrayList<>();
            long buckets = count > Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : count * 10;
            do {
                cursor = c.keyspace().scan(db, cursor, visited);
            } while (cursor != 0 && --buckets > 0 && visited.size() < count);
            for (Entry entry : visited) {
                byte[] key = entry.key();
                if ((pattern == null || matchAll || Glob.matches(pattern, key, false))
                        && (type == null || entry.type() == wanted)
                        && c.keyspace().lookup(db, key, Keyspace.NO_TOUCH | Keyspace.NO_STATS) != null) {
                    keys.add(key);
                }
            }
        }
        c.reply().array(2);
        c.reply().bulk(Long.toUnsignedString(cursor));
        c.reply().array(keys.size());
        keys.forEach(c.reply()::bulk);
    }

    /**
     * The cursor as Redis reads it (strtoul, base 10): the bytes before the first NUL, an optional sign
     * and decimal digits up to 2^64-1; a minus sign wraps the value around, and no bytes at all mean 0.
     */
    public static long parseCursor(byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        boolean negative = arg[0] == '-';
        int i = negative || arg[0] == '+' ? 1 : 0;
        if (i == end) {
            throw invalidCursor();
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = arg[i] - '0';
            if (digit < 0 || digit > 9 || Long.compareUnsigned(value, MAX_BEFORE_DIGIT) > 0
                    || (value == MAX_BEFORE_DIGIT && digit > MAX_LAST_DIGIT)) {
                throw invalidCursor();
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static CommandException invalidCursor() {
        return Errors.generic("invalid cursor");
    }

    static CommandSpec spec() {
        return KeyCommands.cmd("scan", -2).flags("readonly").tips("nondeterministic_output request_policy:special")
            .run(ScanCommand::scan);
    }
}
