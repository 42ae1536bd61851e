package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.CommandTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COMMAND DOCS of every Redis command and subcommand SealedKV implements, in RESP2 and RESP3, against
 * a real redis-server: the reply bytes must be equal. One thing is unordered in Redis (its dictionaries
 * iterate in hash order, seeded per process): the entries of a whole-table reply and of a container's
 * {@code subcommands} map. Only there the entries are compared as a set, each entry still byte for byte;
 * Redis's subcommands SealedKV does not implement are left out of its side.
 */
class CommandDocsDifferentialIT {
    @RegisterExtension
    static final BothServers servers = new BothServers();

    @TestFactory
    Stream<DynamicTest> everyRedisCommandIsDocumentedAsRedisDocumentsIt() {
        return redisCommands().stream().flatMap(spec -> Stream.of(2, 3).map(protocol ->
                DynamicTest.dynamicTest(spec.name() + " RESP" + protocol, () -> {
                    RespReply ours = call(servers.sealedKv().port(), protocol, "COMMAND", "DOCS", spec.name());
                    RespReply theirs = call(servers.redis().port(), protocol, "COMMAND", "DOCS", spec.name());
                    assertThat(canonical(ours, subcommandNames(spec))).isEqualTo(canonical(theirs,
                            subcommandNames(spec)));
                })));
    }

    @TestFactory
    Stream<DynamicTest> everySubcommandByItsFullNameIsDocumentedAsRedisDocumentsIt() {
        return redisCommands().stream().flatMap(spec -> spec.subcommands().values().stream())
                .flatMap(sub -> Stream.of(2, 3).map(protocol ->
                        DynamicTest.dynamicTest(sub.name() + " RESP" + protocol, () -> assertSameBytes(protocol,
                                "COMMAND", "DOCS", sub.name()))));
    }

    @Test
    void onlyCommandsRedisDoesNotHaveDocumentThemselves() throws IOException {
        for (CommandSpec spec : servers.sealedKv().server().commands().all()) {
            if (spec.doc() != null) {
                assertThat(call(servers.redis().port(), 3, "COMMAND", "DOCS", spec.name()).elements())
                        .as("%s is a Redis command: its docs belong in the generated resource", spec.name()).isEmpty();
            }
        }
    }

    @Test
    void severalNamesAnswerInRequestOrderAndUnknownNamesAreLeftOut() throws IOException {
        for (int protocol : List.of(2, 3)) {
            assertSameBytes(protocol, "COMMAND", "DOCS", "set", "nosuch", "GET", "client|list", "config|nosuch");
            assertSameBytes(protocol, "COMMAND", "DOCS", "nosuch");
        }
    }

    @Test
    void theWholeTableDocumentsEveryCommandOnceAsRedisDoes() throws IOException {
        for (int protocol : List.of(2, 3)) {
            Map<String, String> ours = entries(call(servers.sealedKv().port(), protocol, "COMMAND", "DOCS"));
            Map<String, String> theirs = entries(call(servers.redis().port(), protocol, "COMMAND", "DOCS"));
            assertThat(ours).hasSize(servers.sealedKv().server().commands().size());
            for (CommandSpec spec : redisCommands()) {
                if (!spec.isContainer()) {
                    assertThat(ours.get(spec.name())).as(spec.name()).isEqualTo(theirs.get(spec.name()));
                }
            }
        }
    }

    @Test
    void redisCliShowsTheSameDocs() throws IOException, InterruptedException {
        for (String command : List.of("get", "set", "client|kill", "zadd")) {
            assertThat(redisCli(servers.sealedKv().port(), "--no-raw", "COMMAND", "DOCS", command))
                    .isEqualTo(redisCli(servers.redis().port(), "--no-raw", "COMMAND", "DOCS", command));
            assertThat(redisCli(servers.sealedKv().port(), "-3", "COMMAND", "DOCS", command))
                    .isEqualTo(redisCli(servers.redis().port(), "-3", "COMMAND", "DOCS", command));
        }
    }

    private static String redisCli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("redis-cli", ".out");
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            assertThat(cli.waitFor(20, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
            assertThat(cli.exitValue()).isZero();
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.delete(output);
        }
    }

    private static List<CommandSpec> redisCommands() {
        CommandTable table = servers.sealedKv().server().commands();
        return table.all().stream().filter(spec -> spec.doc() == null).toList();
    }

    private static Set<String> subcommandNames(CommandSpec spec) {
        return spec.subcommands().values().stream().map(CommandSpec::name)
                .collect(Collectors.toSet());
    }

    private static void assertSameBytes(int protocol, String... command) throws IOException {
        RespReply ours = call(servers.sealedKv().port(), protocol, command);
        RespReply theirs = call(servers.redis().port(), protocol, command);
        assertThat(Escape.text(ours.raw())).isEqualTo(Escape.text(theirs.raw()));
    }

    private static RespReply call(int port, int protocol, String... command) throws IOException {
        try (RespConnection connection = new RespConnection(port)) {
            if (protocol == 3) {
                connection.call("HELLO", "3");
            }
            return connection.call(command);
        }
    }

    /** A whole-table reply's entries: each command's name and the bytes of its documentation. */
    private static Map<String, String> entries(RespReply docs) {
        Map<String, String> entries = new TreeMap<>();
        List<RespReply> elements = docs.elements();
        for (int i = 0; i < elements.size(); i += 2) {
            String name = new String(elements.get(i).payload(), StandardCharsets.UTF_8);
            assertThat(entries.put(name, Escape.text(elements.get(i + 1).raw()))).as("%s listed twice", name)
                    .isNull();
        }
        return entries;
    }

    /**
     * A one-command reply as text: its bytes, except that a {@code subcommands} map becomes its entries
     * (those named in {@code implemented}) sorted by name, each as bytes.
     */
    private static String canonical(RespReply docs, Set<String> implemented) {
        assertThat(docs.elements()).hasSize(2);
        RespReply doc = docs.elements().get(1);
        StringBuilder text = new StringBuilder(Escape.text(docs.elements().get(0).raw()));
        text.append(doc.type()).append(doc.elements().size()).append('\n');
        List<RespReply> fields = doc.elements();
        for (int i = 0; i < fields.size(); i += 2) {
            String key = new String(fields.get(i).payload(), StandardCharsets.UTF_8);
            text.append(key).append(" = ");
            if (key.equals("subcommands")) {
                Map<String, String> subcommands = entries(fields.get(i + 1));
                subcommands.keySet().retainAll(implemented);
                text.append(subcommands);
            } else {
                text.append(Escape.text(fields.get(i + 1).raw()));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
