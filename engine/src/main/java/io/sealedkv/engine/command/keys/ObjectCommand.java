package io.sealedkv.engine.command.keys;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.SealedRead;
import io.sealedkv.engine.command.Values;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.StringOrigin;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT, HELP. Every value is stored sealed; ENCODING reports the
 * encoding Redis would use for the plaintext and its {@link StringOrigin} ({@code int}, {@code embstr}
 * up to 44 bytes, {@code raw}), so tools that look at it see familiar answers.
 */
final class ObjectCommand {
    private static final int EMBSTR_LIMIT = 44;
    private static final int SHARED_INTEGERS = 10_000;
    private static final String LFU_NOT_SELECTED = "An LFU maxmemory policy is not selected, access frequency not "
            + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take "
            + "some time to adjust.";
    private static final String LFU_SELECTED = "An LFU maxmemory policy is selected, idle time not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time "
            + "to adjust.";

    private ObjectCommand() {
    }

    static void encoding(CommandContext c) {
        Inspected value = inspect(c);
        if (value == null) {
            return;
        }
        if (value.collection() != null) {
            c.reply().bulk(value.collection().encoding());
            return;
        }
        byte[] plaintext = c.open(value.read());
        boolean stored = value.origin() == StringOrigin.STORED || value.origin() == StringOrigin.UNSHARED;
        boolean integer = stored && Args.tryParseLong(plaintext) != null;
        String encoding = value.origin() == StringOrigin.EDITED ? "raw"
                : integer ? "int" : plaintext.length <= EMBSTR_LIMIT ? "embstr" : "raw";
        Arrays.fill(plaintext, (byte) 0);
        c.reply().bulk(encoding);
    }

    static void refcount(CommandContext c) {
        Inspected value = inspect(c);
        if (value == null) {
            return;
        }
        if (value.collection() != null) {
            c.reply().integer(1);
            return;
        }
        // inside EXEC, a value a queued command stored from its argument is referenced by that argument too
        int references = c.inTransaction() && c.session().transaction().holds(value.read().sealed()) ? 2 : 1;
        if (value.origin() != StringOrigin.STORED) {
            c.reply().integer(references);
            return;
        }
        byte[] plaintext = c.open(value.read());
        Long number = Args.tryParseLong(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        c.reply().integer(number != null && number >= 0 && number < SHARED_INTEGERS ? Integer.MAX_VALUE : references);
    }

    /** A value looked at without counting as an access: a collection, or a string and how it came to be. */
    private record Inspected(CollectionValue collection, SealedRead read, StringOrigin origin) {
    }

    /** The key's value, or null after replying null for a missing key. */
    private static Inspected inspect(CommandContext c) {
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookup(db, c.arg(2), Keyspace.NO_TOUCH | Keyspace.NO_NOTIFY);
            if (entry == null) {
                c.reply().nullBulk();
                return null;
            }
            if (entry.value() instanceof CollectionValue collection) {
                return new Inspected(collection, null, null);
            }
            return new Inspected(null, new SealedRead(db.id(), c.arg(2), Values.string(entry)), entry.origin());
        }
    }

    static void idletime(CommandContext c) {
        replyAccess(c, false, LFU_SELECTED, c.keyspace()::idleSeconds);
    }

    static void freq(CommandContext c) {
        replyAccess(c, true, LFU_NOT_SELECTED, c.keyspace()::frequency);
    }

    /**
     * Replies with what {@code field} reads from the key's access field, which holds an LFU counter or
     * an LRU clock as the eviction policy says; as in Redis a missing key is nil whatever the policy.
     */
    private static void replyAccess(CommandContext c, boolean needsLfu, String wrongPolicy,
                                    ToLongFunction<Entry> field) {
        Long value = null;
        try (var lock = c.lock()) {
            Entry entry = c.keyspace().lookup(c.db(), c.arg(2), Keyspace.NO_TOUCH | Keyspace.NO_NOTIFY);
            if (entry != null) {
                if (lfu(c) != needsLfu) {
                    throw Errors.generic(wrongPolicy);
                }
                value = field.applyAsLong(entry);
            }
        }
        if (value == null) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(value);
        }
    }

    private static boolean lfu(CommandContext c) {
        return c.keyspace().access().lfu();
    }

    static void help(CommandContext c) {
        List<String> lines = List.of(
                "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.",
                "HELP",
                "    Prints this help.");
        c.reply().lines(lines);
    }

    static CommandSpec spec() {
        return CommandSpec.builder("object", -2, "generic", null)
            .sub(sub("encoding", 3)
                .handler(ObjectCommand::encoding))
            .sub(sub("freq", 3)
                .handler(ObjectCommand::freq))
            .sub(sub("idletime", 3)
                .handler(ObjectCommand::idletime))
            .sub(sub("refcount", 3)
                .handler(ObjectCommand::refcount))
            .sub(CommandSpec.builder("help", 2, "generic", "keyspace").flags("loading stale")
                .handler(ObjectCommand::help))
            .container();
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity, "generic", "keyspace").flags("readonly").keys(2, 2, 1, "RO")
            .tips("nondeterministic_output");
    }
}
