package io.sealedkv.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;

/**
 * Reads the configuration the way redis-server does: an optional config file first (one directive per
 * line, {@code #} comments, arguments split like a shell with quotes), then command-line overrides
 * {@code --name value...} applied after it. A bad directive stops the server with a message naming
 * the line, as Redis does.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Builds the configuration from redis-server style arguments. */
    public static Config fromArguments(String[] args) throws IOException {
        Config config = new Config();
        int i = 0;
        StringBuilder text = new StringBuilder();
        if (args.length > 0 && !args[0].startsWith("--")) {
            Path file = Path.of(args[0]);
            config.configFile(file.toAbsolutePath().toString());
            text.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            i = 1;
        }
        text.append(overridesAsDirectives(args, i));
        apply(config, text.toString());
        return config;
    }

    /** Turns {@code --port 7000 --save ""} into the lines {@code port 7000} and {@code save ""}. */
    static String overridesAsDirectives(String[] args, int from) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                if (lines.length() > 0) {
                    lines.append('\n');
                }
                lines.append(arg.substring(2));
            } else {
                lines.append(' ').append(quote(arg));
            }
        }
        return lines.append('\n').toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Applies directives in config-file syntax. */
    public static void apply(Config config, String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = ConfigLineSplitter.split(line);
            if (words == null) {
                throw new ConfigFileException(n + 1, line, "Unbalanced quotes in configuration line");
            }
            if (words.isEmpty()) {
                continue;
            }
            String name = words.get(0);
            if (name.equalsIgnoreCase("user") && words.size() >= 2) {
                config.addUserDirective(words.subList(1, words.size()));
                continue;
            }
            ConfigParameter parameter = config.parameter(name);
            if (parameter == null || words.size() < 2) {
                throw new ConfigFileException(n + 1, line, "Bad directive or wrong number of arguments");
            }
            String value = String.join(" ", words.subList(1, words.size()));
            try {
                config.set(List.of(new AbstractMap.SimpleEntry<>(name, value)), true);
            } catch (ConfigSetException e) {
                throw new ConfigFileException(n + 1, line, e.reason());
            }
        }
    }
}
