package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;

/** LPOS's options, checked in the order given as Redis does. */
record LposOptions(long rank, long count, boolean withCount, long maxlen) {
    static LposOptions parse(CommandContext c) {
        long rank = 1;
        long count = 0;
        boolean withCount = false;
        long maxlen = 0;
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.argIs(i, "rank") && more) {
                rank = c.argLong(++i);
                if (rank == 0) {
                    throw new CommandException("ERR RANK can't be zero: use 1 to start from the first match, 2 from"
                            + " the second ... or use negative to start from the end of the list");
                }
            } else if (c.argIs(i, "count") && more) {
                count = Args.parseNonNegativeLong(c.arg(++i), new CommandException("ERR COUNT can't be negative"));
                withCount = true;
            } else if (c.argIs(i, "maxlen") && more) {
                maxlen = Args.parseNonNegativeLong(c.arg(++i), new CommandException("ERR MAXLEN can't be negative"));
            } else {
                throw Errors.syntax();
            }
        }
        return new LposOptions(rank, count, withCount, maxlen);
    }
}
