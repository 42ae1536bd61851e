package io.sealedkv.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CONFIG REWRITE: keeps the file's comments and unknown lines, replaces the line of each parameter
 * with its current value, drops later duplicates, and appends parameters that differ from their
 * defaults. Written to a temporary file and renamed over the original.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    public static void rewrite(Config config, Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> out = new ArrayList<>();
        Set<ConfigParameter> written = new HashSet<>();
        for (String line : lines) {
            List<String> words = line.isBlank() || line.strip().startsWith("#") ? null : ConfigLineSplitter.split(line);
            ConfigParameter parameter = words == null || words.isEmpty() ? null : config.parameter(words.get(0));
            if (parameter == null) {
                out.add(line);
            } else if (written.add(parameter)) {
                out.add(directive(parameter));
            }
        }
        for (ConfigParameter parameter : config.parameters()) {
            if (!written.contains(parameter) && !parameter.value().equals(parameter.defaultValue())) {
                out.add(directive(parameter));
            }
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, out, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String directive(ConfigParameter parameter) {
        String value = parameter.text();
        return parameter.name() + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
