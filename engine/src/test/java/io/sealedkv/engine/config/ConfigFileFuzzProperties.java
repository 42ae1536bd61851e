package io.sealedkv.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedkv.engine.testing.Bounded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the config file parser: random text, and lines built from every real parameter name (and
 * alias) with random values, quotes, escapes and units. The parser applies the file or throws
 * {@link ConfigFileException} naming the line; nothing else, within bounded time.
 *
 * <p>Tries: {@code jqwik.tries.default} (1000 from junit-platform.properties); a campaign raises it
 * with {@code -Djqwik.tries.default=100000}.
 */
class ConfigFileFuzzProperties {
    private static final Duration PER_TRY = Duration.ofSeconds(5);
    private static final List<String> NAMES = names();

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        new Config().parameters().forEach(p -> names.add(p.name()));
        names.addAll(List.of("hash-max-ziplist-entries", "list-max-ziplist-size", "zset-max-ziplist-value"));
        names.removeAll(List.of("daemonize", "dir", "logfile", "pidfile"));
        return names;
    }

    @Property
    void randomTextIsAppliedOrRefusedWithAConfigFileError(@ForAll String text) {
        assertAppliedOrRefused(text);
    }

    @Property
    void realNamesWithRandomValuesAreAppliedOrRefusedWithAConfigFileError(@ForAll("lines") List<String> lines) {
        assertAppliedOrRefused(String.join("\n", lines));
    }

    private static void assertAppliedOrRefused(String text) {
        Throwable thrown = Bounded.call(PER_TRY, () -> catchThrowable(() -> ConfigLoader.apply(new Config(), text)));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ConfigFileException.class);
        }
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("0123456789-+.kKmMgGbB ").ofMaxLength(24),
                Arbitraries.of("yes", "no", "0", "-1", "9223372036854775807", "9223372036854775808", "1gb", "4096mb",
                        "\"quoted value\"", "'single'", "\"unbalanced", "\"\\x41\\n\"", "normal 0 0 0",
                        "pubsub 32mb 8mb 60", "replica 1 2", "3600 1 300 100", "TLSv1.2 TLSv1.3", "TLSv1", "\"\"",
                        "allkeys-lru", "\\", "#", "*"),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> line = Combinators.combine(Arbitraries.of(NAMES), value.list().ofMaxSize(4),
                        Arbitraries.of("", "  ", "\t", "--"))
                .as((name, values, prefix) -> prefix + name + " " + String.join(" ", values));
        return Arbitraries.oneOf(line, Arbitraries.of("", "# comment", "   ", "include /nonexistent"))
                .list().ofMaxSize(6);
    }
}
