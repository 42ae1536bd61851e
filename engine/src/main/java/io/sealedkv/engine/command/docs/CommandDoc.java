package io.sealedkv.engine.command.docs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What COMMAND DOCS says about one command or subcommand, apart from its subcommands (those come from
 * the command table). Absent fields are null or empty and COMMAND DOCS leaves them out, as Redis does.
 *
 * @param complexity      null when Redis gives none
 * @param deprecatedSince null unless the command is deprecated
 * @param replacedBy      what to use instead of a deprecated command, or null
 * @param history         the changes of the command's syntax or behaviour since it was added
 */
public record CommandDoc(String summary, String since, String group, String complexity, Set<DocFlag> docFlags,
                         String deprecatedSince, String replacedBy, List<History> history,
                         List<CommandArgument> arguments) {

    public CommandDoc {
        if (summary == null || since == null || group == null) {
            throw new IllegalArgumentException("a command's documentation needs a summary, since and group");
        }
        docFlags = docFlags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(docFlags));
        history = List.copyOf(history);
        arguments = List.copyOf(arguments);
    }

    /** A current command: no doc flags, no deprecation, no history. */
    public static CommandDoc of(String summary, String since, String group, String complexity,
                                List<CommandArgument> arguments) {
        return new CommandDoc(summary, since, group, complexity, Set.of(), null, null, List.of(), arguments);
    }

    /** One change: the version that brought it and what changed. */
    public record History(String version, String change) {
    }

    /** Documentation flags, in the order Redis lists them. */
    public enum DocFlag implements RedisNamed {
        DEPRECATED, SYSCMD;

        @Override
        public String redisName() {
            return name().toLowerCase(Locale.ROOT);
        }

    }
}
