package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.KeySpec;
import io.sealedkv.engine.command.VariableKeyFlags;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.resp.RespWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** COMMAND and its subcommands COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP: all read from the command table. */
final class CommandCommand {
    private CommandCommand() {
    }

    static void all(CommandContext c) {
        CommandTable table = c.server().commands();
        c.reply().array(table.size());
        table.all().forEach(spec -> info(c.reply(), spec));
    }

    static void count(CommandContext c) {
        c.reply().integer(c.server().commands().size());
    }

    static void info(CommandContext c) {
        if (c.argc() == 2) {
            all(c);
            return;
        }
        c.reply().array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec spec = find(c.server().commands(), Text.lower(c.arg(i)));
            if (spec == null) {
                c.reply().nullBulk();
            } else {
                info(c.reply(), spec);
            }
        }
    }

    /** A command by name, or a subcommand by {@code container|sub}. */
    private static CommandSpec find(CommandTable table, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return table.find(name);
        }
        CommandSpec container = table.find(name.substring(0, bar));
        return container == null ? null : container.subcommands().get(name.substring(bar + 1));
    }

    private static void info(RespWriter reply, CommandSpec spec) {
        reply.array(10);
        reply.bulk(spec.name());
        reply.integer(spec.arity());
        reply.set(spec.flags().size());
        spec.flags().forEach(flag -> reply.simple(flag.redisName()));
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        reply.set(spec.aclCategories().size());
        spec.aclCategories().forEach(reply::simple);
        reply.set(spec.tips().size());
        spec.tips().forEach(reply::bulk);
        keySpecs(reply, spec);
        reply.set(spec.subcommands().size());
        spec.subcommands().values().forEach(sub -> info(reply, sub));
    }

    private static void keySpecs(RespWriter reply, CommandSpec spec) {
        reply.set(spec.keySpecs().size());
        for (KeySpec key : spec.keySpecs()) {
            reply.map(key.notes() == null ? 3 : 4);
            if (key.notes() != null) {
                reply.bulk("notes");
                reply.bulk(key.notes());
            }
            reply.bulk("flags");
            reply.set(key.flags().size());
            key.flags().forEach(reply::simple);
            reply.bulk("begin_search");
            reply.map(2);
            reply.bulk("type");
            reply.bulk("index");
            reply.bulk("spec");
            reply.map(1);
            reply.bulk("index");
            reply.integer(key.beginIndex());
            reply.bulk("find_keys");
            reply.map(2);
            reply.bulk("type");
            reply.bulk(key.keynum() ? "keynum" : "range");
            reply.bulk("spec");
            reply.map(3);
            if (key.keynum()) {
                reply.bulk("keynumidx");
                reply.integer(0);
                reply.bulk("firstkey");
                reply.integer(1);
            } else {
                reply.bulk("lastkey");
                reply.integer(key.lastKey());
            }
            reply.bulk("keystep");
            reply.integer(key.keyStep());
            if (!key.keynum()) {
                reply.bulk("limit");
                reply.integer(0);
            }
        }
    }

    static void docs(CommandContext c) {
        List<CommandSpec> selected = new ArrayList<>();
        if (c.argc() == 2) {
            selected.addAll(c.server().commands().all());
        } else {
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec spec = find(c.server().commands(), Text.lower(c.arg(i)));
                if (spec != null) {
                    selected.add(spec);
                }
            }
        }
        c.reply().map(selected.size());
        selected.forEach(spec -> CommandDocsReply.write(c.reply(), c.server().commands(), spec));
    }

    static void list(CommandContext c) {
        Filter filter = Filter.parse(c);
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : c.server().commands().all()) {
            addNames(spec, filter, names);
        }
        c.reply().array(names.size());
        names.forEach(c.reply()::bulk);
    }

    private static void addNames(CommandSpec spec, Filter filter, List<String> into) {
        if (filter.accepts(spec)) {
            into.add(spec.name());
        }
        spec.subcommands().values().forEach(sub -> addNames(sub, filter, into));
    }

    /** COMMAND LIST FILTERBY MODULE | ACLCAT | PATTERN. */
    private record Filter(String kind, String value) {
        static Filter parse(CommandContext c) {
            if (c.argc() == 2) {
                return new Filter(null, null);
            }
            if (c.argc() != 5 || !c.argIs(2, "filterby")) {
                throw Errors.syntax();
            }
            String kind = Text.lower(c.arg(3));
            if (!List.of("module", "aclcat", "pattern").contains(kind)) {
                throw Errors.syntax();
            }
            return new Filter(kind, c.argString(4));
        }

        boolean accepts(CommandSpec spec) {
            if (kind == null) {
                return true;
            }
            return switch (kind) {
                case "aclcat" -> spec.aclCategories().contains("@" + value.toLowerCase(Locale.ROOT));
                case "pattern" -> Glob.matches(Text.bytes(value), Text.bytes(spec.name()), true);
                default -> false;
            };
        }
    }

    static void getkeys(CommandContext c) {
        byte[][] command = c.args(2, c.argc()).toArray(new byte[0][]);
        int[][] positions = keyPositions(commandOf(c), command);
        c.reply().array(Arrays.stream(positions).mapToInt(p -> p.length).sum());
        for (int[] ofSpec : positions) {
            for (int position : ofSpec) {
                c.reply().bulk(command[position]);
            }
        }
    }

    static void getkeysandflags(CommandContext c) {
        byte[][] command = c.args(2, c.argc()).toArray(new byte[0][]);
        CommandSpec spec = commandOf(c);
        int[][] positions = keyPositions(spec, command);
        c.reply().array(Arrays.stream(positions).mapToInt(p -> p.length).sum());
        for (int i = 0; i < positions.length; i++) {
            List<String> flags = VariableKeyFlags.of(spec, spec.keySpecs().get(i), command);
            for (int position : positions[i]) {
                c.reply().array(2);
                c.reply().bulk(command[position]);
                c.reply().set(flags.size());
                flags.forEach(c.reply()::simple);
            }
        }
    }

    /** The keys of the full command {@code command}, per key spec, after Redis's checks in Redis's order. */
    private static int[][] keyPositions(CommandSpec spec, byte[][] command) {
        if (!spec.hasKeys()) {
            throw Errors.generic("The command has no key arguments");
        }
        if (!spec.arityAccepts(command.length)) {
            throw Errors.generic("Invalid number of arguments specified for command");
        }
        int[][] positions = spec.keyPositionsBySpec(command);
        if (positions == null || Arrays.stream(positions).allMatch(p -> p.length == 0)) {
            throw Errors.generic("Invalid arguments specified for command");
        }
        return positions;
    }

    /** The command (or subcommand) a GETKEYS-like call names. */
    private static CommandSpec commandOf(CommandContext c) {
        CommandSpec spec = c.server().commands().find(c.arg(2));
        if (spec == null) {
            throw Errors.generic("Invalid command specified");
        }
        if (spec.isContainer() && c.argc() - 2 >= 2) {
            spec = spec.subcommands().get(Text.lower(c.arg(3)));
            if (spec == null) {
                throw Errors.generic("Invalid command specified");
            }
        }
        return spec;
    }

    static void help(CommandContext c) {
        List<String> lines = List.of(
                "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.",
                "HELP",
                "    Prints this help.");
        c.reply().lines(lines);
    }

    static CommandSpec spec() {
        String flags = "loading stale";
        return CommandSpec.builder("command", -1, "server", "connection").flags(flags)
            .tips("nondeterministic_output_order")
            .sub(sub("count", 2).handler(CommandCommand::count))
            .sub(sub("info", -2).tips("nondeterministic_output_order")
                .handler(CommandCommand::info))
            .sub(sub("docs", -2).tips("nondeterministic_output_order")
                .handler(CommandCommand::docs))
            .sub(sub("list", -2).tips("nondeterministic_output_order")
                .handler(CommandCommand::list))
            .sub(sub("getkeys", -4)
                .handler(CommandCommand::getkeys))
            .sub(sub("getkeysandflags", -4)
                .handler(CommandCommand::getkeysandflags))
            .sub(sub("help", 2).handler(CommandCommand::help))
            .run(CommandCommand::all);
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", "connection").flags("loading stale");
    }
}
