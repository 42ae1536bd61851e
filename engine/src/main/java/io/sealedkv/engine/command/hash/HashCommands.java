package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.command.string.FloatIncrement;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import java.util.List;

/**
 * The hash commands. Fields and values from the client are sealed outside the keyspace lock and
 * values read are opened after it (see {@link HashAccess}); a hashtable-encoded hash finds a field by
 * its token, so HEXISTS, HLEN and HDEL open nothing and HGET opens one pair.
 */
public final class HashCommands {
    private static final byte[] HSET = Text.bytes("HSET");

    private HashCommands() {
    }

    static void hset(CommandContext c) {
        c.reply().integer(setFields(c));
    }

    static void hmset(CommandContext c) {
        setFields(c);
        c.reply().ok();
    }

    private static long setFields(CommandContext c) {
        if (c.argc() % 2 == 1) {
            throw Errors.wrongArity(c.spec().fullName());
        }
        return HashAccess.edit(c, c.arg(1), "hset", new FieldWrites.SetFields(c, 2, false));
    }

    static void hsetnx(CommandContext c) {
        c.reply().integer(HashAccess.edit(c, c.arg(1), "hset", new FieldWrites.SetFields(c, 2, true)));
    }

    static void hdel(CommandContext c) {
        c.reply().integer(HashAccess.edit(c, c.arg(1), "hdel", new FieldWrites.DeleteFields(c)));
    }

    static void hincrby(CommandContext c) {
        long increment = c.argLong(3);
        c.reply().integer(HashAccess.edit(c, c.arg(1), "hincrby", FieldIncrement.byLong(c.arg(2), increment)));
    }

    static void hincrbyfloat(CommandContext c) {
        FloatIncrement increment = FieldIncrement.floatArgument(c.arg(3));
        byte[] key = c.arg(1);
        byte[] field = c.arg(2);
        c.reply().bulk(HashAccess.edit(c, key, "hincrbyfloat", FieldIncrement.byFloat(field, increment,
                sum -> c.propagateAs(HSET, key, field, Text.bytes(sum)))));
    }

    static void hget(CommandContext c) {
        byte[][] values = HashAccess.values(c, c.arg(1), new byte[][] {c.arg(2)}, true);
        c.reply().bulkOrNull(values == null ? null : values[0]);
        HashAccess.wipe(values);
    }

    static void hmget(CommandContext c) {
        byte[][] fields = new byte[c.argc() - 2][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = c.arg(i + 2);
        }
        byte[][] values = HashAccess.values(c, c.arg(1), fields, true);
        c.reply().array(fields.length);
        for (int i = 0; i < fields.length; i++) {
            c.reply().bulkOrNull(values == null ? null : values[i]);
        }
        HashAccess.wipe(values);
    }

    static void hexists(CommandContext c) {
        byte[][] values = HashAccess.values(c, c.arg(1), new byte[][] {c.arg(2)}, false);
        c.reply().integer(values != null && values[0] != null ? 1 : 0);
        HashAccess.wipe(values);
    }

    static void hstrlen(CommandContext c) {
        byte[][] values = HashAccess.values(c, c.arg(1), new byte[][] {c.arg(2)}, true);
        c.reply().integer(values == null || values[0] == null ? 0 : values[0].length);
        HashAccess.wipe(values);
    }

    static void hlen(CommandContext c) {
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookupRead(c.db(), c.arg(1));
            c.reply().integer(entry == null ? 0 : Values.collection(entry, HashValue.class).size());
        }
    }

    static void hkeys(CommandContext c) {
        replyAll(c, true, false);
    }

    static void hvals(CommandContext c) {
        replyAll(c, false, true);
    }

    static void hgetall(CommandContext c) {
        replyAll(c, true, true);
    }

    private static void replyAll(CommandContext c, boolean fields, boolean values) {
        HashAccess.Snapshot s = HashAccess.snapshot(c, c.arg(1), true);
        PairList pairs = s.missing() ? new PairList() : s.open(c);
        try {
            if (fields && values) {
                c.reply().map(pairs.size());
            } else {
                c.reply().array(pairs.size());
            }
            for (int i = 0; i < pairs.size(); i++) {
                if (fields) {
                    c.reply().bulk(pairs.field(i));
                }
                if (values) {
                    c.reply().bulk(pairs.value(i));
                }
            }
        } finally {
            pairs.wipe();
        }
    }

    /** The family's command table. */
    public static List<CommandSpec> table() {
        return List.of(
            cmd("hset", -4).flags("write denyoom fast").keys(1, 1, 1, "RW update")
                .run(HashCommands::hset),
            cmd("hsetnx", 4).flags("write denyoom fast").keys(1, 1, 1, "RW insert")
                .run(HashCommands::hsetnx),
            cmd("hmset", -4).flags("write denyoom fast").keys(1, 1, 1, "RW update")
                .run(HashCommands::hmset),
            cmd("hget", 3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(HashCommands::hget),
            cmd("hmget", -3).flags("readonly fast").keys(1, 1, 1, "RO access")
                .run(HashCommands::hmget),
            cmd("hdel", -3).flags("write fast").keys(1, 1, 1, "RW delete")
                .run(HashCommands::hdel),
            cmd("hexists", 3).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(HashCommands::hexists),
            cmd("hlen", 2).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(HashCommands::hlen),
            cmd("hstrlen", 3).flags("readonly fast").keys(1, 1, 1, "RO")
                .run(HashCommands::hstrlen),
            cmd("hkeys", 2).flags("readonly").keys(1, 1, 1, "RO access").tips("nondeterministic_output_order")
                .run(HashCommands::hkeys),
            cmd("hvals", 2).flags("readonly").keys(1, 1, 1, "RO access").tips("nondeterministic_output_order")
                .run(HashCommands::hvals),
            cmd("hgetall", 2).flags("readonly").keys(1, 1, 1, "RO access").tips("nondeterministic_output_order")
                .run(HashCommands::hgetall),
            cmd("hincrby", 4).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(HashCommands::hincrby),
            cmd("hincrbyfloat", 4).flags("write denyoom fast").keys(1, 1, 1, "RW access update")
                .run(HashCommands::hincrbyfloat),
            HashRandomField.spec(),
            HashScan.spec());
    }

    static CommandSpec.Builder cmd(String name, int arity) {
        return CommandSpec.builder(name, arity, "hash", "hash");
    }
}
