package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.command.WrongTypeException;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence of two
 * strings, its length, or the matching ranges. Both values are taken sealed under the lock and opened
 * after it; missing keys count as empty strings.
 */
public final class LcsCommand {
    private static final byte[] EMPTY = new byte[0];

    private LcsCommand() {
    }

    /** What the client asked for. */
    private record Options(boolean len, boolean idx, boolean withMatchLen, long minMatchLen) {
        static Options parse(CommandContext c) {
            boolean len = false;
            boolean idx = false;
            boolean withMatchLen = false;
            long minMatchLen = 0;
            for (int j = 3; j < c.argc(); j++) {
                if (c.argIs(j, "idx")) {
                    idx = true;
                } else if (c.argIs(j, "len")) {
                    len = true;
                } else if (c.argIs(j, "withmatchlen")) {
                    withMatchLen = true;
                } else if (c.argIs(j, "minmatchlen") && j + 1 < c.argc()) {
                    minMatchLen = Math.max(0, c.argLong(++j));
                } else {
                    throw Errors.syntax();
                }
            }
            if (len && idx) {
                throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
            }
            return new Options(len, idx, withMatchLen, minMatchLen);
        }
    }

    static void lcs(CommandContext c) {
        SealedRead[] values = read(c);
        Options options = Options.parse(c);
        byte[] a = open(c, values[0]);
        byte[] b = open(c, values[1]);
        try {
            reply(c, options, compute(c, a, b));
        } finally {
            StringEdit.wipe(a);
            StringEdit.wipe(b);
        }
    }

    private static SealedRead[] read(CommandContext c) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry first = c.keyspace().lookupRead(db, c.arg(1));
            Entry second = c.keyspace().lookupRead(db, c.arg(2));
            try {
                return new SealedRead[] {sealed(db, c.arg(1), first), sealed(db, c.arg(2), second)};
            } catch (WrongTypeException e) {
                throw new CommandException("ERR The specified keys must contain string values");
            }
        }
    }

    private static SealedRead sealed(Database db, byte[] key, Entry entry) {
        return entry == null ? null : new SealedRead(db.id(), key, Values.string(entry));
    }

    private static byte[] open(CommandContext c, SealedRead value) {
        return value == null ? EMPTY : c.open(value);
    }

    private static Lcs compute(CommandContext c, byte[] a, byte[] b) {
        long cells = Lcs.cells(a.length, b.length);
        if (cells > c.server().config().longValue("proto-max-bulk-len") / Integer.BYTES) {
            throw new CommandException(
                    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        CommandException noMemory =
                new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
        if (cells > Integer.MAX_VALUE - 8) {
            throw noMemory;
        }
        try {
            return new Lcs(a, b);
        } catch (OutOfMemoryError e) {
            throw noMemory;
        }
    }

    private static void reply(CommandContext c, Options options, Lcs lcs) {
        if (options.idx()) {
            replyMatches(c, options, lcs);
        } else if (options.len()) {
            c.reply().integer(lcs.length());
        } else {
            byte[] sequence = lcs.sequence();
            c.reply().bulk(sequence);
            StringEdit.wipe(sequence);
        }
    }

    private static void replyMatches(CommandContext c, Options options, Lcs lcs) {
        List<int[]> matches = lcs.matches(options.minMatchLen());
        c.reply().map(2);
        c.reply().bulk("matches");
        c.reply().array(matches.size());
        for (int[] match : matches) {
            c.reply().array(options.withMatchLen() ? 3 : 2);
            c.reply().array(2);
            c.reply().integer(match[0]);
            c.reply().integer(match[1]);
            c.reply().array(2);
            c.reply().integer(match[2]);
            c.reply().integer(match[3]);
            if (options.withMatchLen()) {
                c.reply().integer(match[1] - match[0] + 1);
            }
        }
        c.reply().bulk("len");
        c.reply().integer(lcs.length());
    }

    /** The command's table entry. */
    public static List<CommandSpec> table() {
        return List.of(CommandSpec.builder("lcs", -3, "string", "string").flags("readonly")
                .keys(1, 2, 1, "RO access")
                .run(LcsCommand::lcs));
    }
}
