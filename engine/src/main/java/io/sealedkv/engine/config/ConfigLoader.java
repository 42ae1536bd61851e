package io.sealedkv.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;

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

    /**
     * The refused line as the error shows it: without its arguments when the directive's name says they may
     * be a secret (a passphrase or password on the command line would otherwise also land in the log).
     */
    private static String shown(String line, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean secret = lower.contains("pass") || lower.contains("auth") || lower.contains("secret")
                || lower.equals("user"); // an ACL rule line may hold >password
        return secret && !line.strip().equals(name) ? name + " (arguments not shown)" : line;
    }

    private static String badDirective(String name) {
        if (name.toLowerCase(Locale.ROOT).contains("passphrase")) {
            return "Bad directive: a passphrase is never a setting: use keystore-passphrase-file or the "
                    + "SEALEDKV_KEYSTORE_PASSPHRASE environment variable";
        }
        return "Bad directive or wrong number of arguments";
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
                throw new ConfigFileException(n + 1, shown(line, line.split("\\s+", 2)[0]),
                        "Unbalanced quotes in configuration line");
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
                throw new ConfigFileException(n + 1, shown(line, name), badDirective(name));
            }
            String value = String.join(" ", words.subList(1, words.size()));
            try {
                config.set(List.of(new AbstractMap.SimpleEntry<>(name, value)), true);
            } catch (ConfigSetException e) {
                throw new ConfigFileException(n + 1, shown(line, name), e.reason());
            }
        }
    }
}
