package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Fails when a command or subcommand of the table is not used by any test of this module. */
class CommandCoverageTest {
    @Test
    void everyCommandHasATest() throws IOException {
        String tests = testSources().toLowerCase(Locale.ROOT);
        List<String> untested = new ArrayList<>();
        for (CommandSpec spec : Commands.all().all()) {
            if (!spec.isContainer() && !mentioned(tests, spec.name())) {
                untested.add(spec.name());
            }
            for (CommandSpec sub : spec.subcommands().values()) {
                String[] parts = sub.name().split("\\|");
                if (!Pattern.compile(parts[0] + "[^a-z]{0,4}" + Pattern.quote(parts[1]) + "(?![a-z])")
                        .matcher(tests).find()) {
                    untested.add(sub.name());
                }
            }
        }
        assertThat(untested).as("commands without a test").isEmpty();
    }

    private static boolean mentioned(String tests, String name) {
        return Pattern.compile("(?<![a-z])" + Pattern.quote(name) + "(?![a-z])").matcher(tests).find();
    }

    private static String testSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            return files.filter(p -> p.toString().endsWith("IT.java")).map(CommandCoverageTest::read)
                    .collect(Collectors.joining("\n"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
