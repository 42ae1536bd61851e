package io.sealedkv.engine.command.server;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.config.ConfigSetException;
import io.sealedkv.engine.config.ConfigWriter;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CONFIG GET (glob patterns), SET (several pairs, all or nothing), RESETSTAT, REWRITE, HELP. */
final class ConfigCommand {
    private ConfigCommand() {
    }

    static void get(CommandContext c) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            patterns.add(c.argString(i));
        }
        Map<String, String> values = c.server().config().get(patterns);
        c.reply().map(values.size());
        values.forEach((name, value) -> {
            c.reply().bulk(name);
            c.reply().bulk(value);
        });
    }

    static void set(CommandContext c) {
        if (c.argc() % 2 != 0) {
            throw Errors.syntax();
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 2; i < c.argc(); i += 2) {
            pairs.add(new AbstractMap.SimpleEntry<>(c.argString(i), c.argString(i + 1)));
        }
        try {
            c.server().config().set(pairs, false);
        } catch (ConfigSetException e) {
            throw Errors.generic(e.getMessage());
        }
        c.reply().ok();
    }

    static void resetstat(CommandContext c) {
        c.server().stats().reset();
        c.keyspace().stats().reset();
        c.server().monitoring().stats().reset();
        c.reply().ok();
    }

    static void rewrite(CommandContext c) {
        String file = c.server().config().configFile();
        if (file == null) {
            throw Errors.generic("The server is running without a config file");
        }
        try {
            ConfigWriter.rewrite(c.server().config(), java.nio.file.Path.of(file));
        } catch (IOException e) {
            throw Errors.generic("Rewriting config file: " + e.getMessage());
        }
        c.reply().ok();
    }

    static void help(CommandContext c) {
        List<String> lines = List.of(
                "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.",
                "HELP",
                "    Prints this help.");
        c.reply().lines(lines);
    }

    static CommandSpec spec() {
        return CommandSpec.builder("config", -2, "server", null)
            .sub(sub("get", -3)
                .handler(ConfigCommand::get))
            .sub(sub("set", -4).tips("request_policy:all_nodes response_policy:all_succeeded")
                .handler(ConfigCommand::set))
            .sub(sub("resetstat", 2)
                .handler(ConfigCommand::resetstat))
            .sub(sub("rewrite", 2)
                .handler(ConfigCommand::rewrite))
            .sub(CommandSpec.builder("help", 2, "server", null).flags("loading stale")
                .handler(ConfigCommand::help))
            .container();
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity, "server", null).flags("admin noscript loading stale");
    }
}
