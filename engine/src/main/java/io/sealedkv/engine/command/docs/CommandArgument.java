package io.sealedkv.engine.command.docs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One argument of a command as COMMAND DOCS describes it. A {@code oneof} or {@code block} argument has
 * nested {@code arguments} (the choices, or the parts that come together); every other type has none.
 *
 * @param keySpecIndex the key spec (COMMAND INFO) this key argument belongs to, or -1
 * @param token        the literal word that introduces the argument (may be empty), or null
 * @param since        the version that added the argument, or null
 */
public record CommandArgument(String name, Type type, int keySpecIndex, String token, String since,
                              String deprecatedSince, Set<Flag> flags, List<CommandArgument> arguments) {

    public CommandArgument {
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        arguments = List.copyOf(arguments);
        if (type.nests() == arguments.isEmpty()) {
            throw new IllegalArgumentException("argument " + name + " of type " + type.redisName()
                    + (type.nests() ? " needs nested arguments" : " cannot have nested arguments"));
        }
    }

    /** An argument without key spec, token, versions or flags; {@code nested} are a oneof's or block's parts. */
    public static CommandArgument of(String name, Type type, CommandArgument... nested) {
        return new CommandArgument(name, type, -1, null, null, null, Set.of(), List.of(nested));
    }

    public CommandArgument token(String word) {
        return new CommandArgument(name, type, keySpecIndex, word, since, deprecatedSince, flags, arguments);
    }

    public CommandArgument with(Flag flag) {
        EnumSet<Flag> more = EnumSet.of(flag);
        more.addAll(flags);
        return new CommandArgument(name, type, keySpecIndex, token, since, deprecatedSince, more, arguments);
    }

    /** The argument types, named as Redis names them. */
    public enum Type implements RedisNamed {
        STRING, INTEGER, DOUBLE, KEY, PATTERN, UNIX_TIME, PURE_TOKEN, ONEOF, BLOCK;

        @Override
        public String redisName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean nests() {
            return this == ONEOF || this == BLOCK;
        }

    }

    /** Argument flags, in the order Redis lists them. */
    public enum Flag implements RedisNamed {
        OPTIONAL, MULTIPLE, MULTIPLE_TOKEN;

        @Override
        public String redisName() {
            return name().toLowerCase(Locale.ROOT);
        }

    }
}
