package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Help on every command, and usage errors: exit code 2 with a pointer to the help. */
class CommandLineUsageTest {
    @TempDir
    Path dir;

    static Stream<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(SealedKvCli.commandLine(), List.of(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            collect(sub, subPath, paths);
        });
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyCommandHasHelp(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        CliResult help = CliResult.run(args.toArray(String[]::new));

        assertThat(help.exitCode()).isZero();
        String name = Stream.concat(Stream.of("sealedkv"), path.stream()).collect(Collectors.joining(" "));
        assertThat(help.out()).startsWith("Usage: " + name + " ");
        assertThat(help.err()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyHelpTextFormatsWithoutAPicocliWarning(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        CliResult help;
        try {
            help = CliResult.run(args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).as("picocli's own stderr").isEmpty();
        assertThat(help.out()).doesNotContain("%n").doesNotContain("not yet");
    }

    @ParameterizedTest
    @MethodSource("leafCommands")
    void everyToolCommandListsItsExitCodes(String name) {
        String help = CliResult.run(name, "--help").out();

        assertThat(help).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s+\\S")
                .containsPattern("(?m)^\\s+2\\s+usage error");
    }

    static Stream<String> leafCommands() {
        return Stream.of("verify", "inspect", "backup", "restore", "import-rdb", "export-rdb", "monitor");
    }

    @Test
    void topLevelHelpListsEachCommandWithAShortSummary() {
        String help = CliResult.run("--help").out();
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes"));

        for (String name : List.of("keys", "verify", "inspect", "backup", "restore", "import-rdb", "export-rdb",
                "monitor")) {
            assertThat(commands).containsPattern("(?m)^  " + name + "\\s+\\S");
        }
        assertThat(commands.lines().count()).as(commands).isLessThanOrEqualTo(20);
        assertThat(help).contains("Run 'sealedkv COMMAND --help'");
    }

    @Test
    void verifyAndInspectHelpDescribeTokensAndCollectionElements() {
        String verify = CliResult.run("verify", "--help").out().replaceAll("\\s+", " ");
        String inspect = CliResult.run("inspect", "--help").out().replaceAll("\\s+", " ");

        assertThat(verify).contains("recomputes the token of every element", "a wrong element token");
        assertThat(inspect).contains("every collection element", "sorted-set members with their scores",
                "IN CLEAR on stdout");
    }

    @Test
    void topLevelHelpDocumentsTheSnapshotExitCodes() {
        String help = CliResult.run("--help").out();

        assertThat(help).containsPattern("(?m)^\\s+4\\s+snapshot or backup damaged: authentication failure")
                .containsPattern("(?m)^\\s+5\\s+snapshot or backup truncated")
                .containsPattern("(?m)^\\s+6\\s+a data key version the snapshot needs is missing");
        assertThat(everyCommand()).contains(List.of("verify"), List.of("inspect"), List.of("backup"),
                List.of("restore"));
    }

    @Test
    void theCommandTreeHasTheKeysCommands() {
        assertThat(everyCommand()).contains(List.of("keys", "init"), List.of("keys", "list"),
                List.of("keys", "rotate"), List.of("keys", "destroy"), List.of("keys", "change-passphrase"));
    }

    @Test
    void topLevelHelpDocumentsTheExitCodes() {
        String help = CliResult.run("--help").out();

        assertThat(help).contains("Exit codes").containsPattern("(?m)^\\s+0\\s+success")
                .containsPattern("(?m)^\\s+1\\s+the operation failed")
                .containsPattern("(?m)^\\s+2\\s+usage error")
                .containsPattern("(?m)^\\s+3\\s+keystore error");
    }

    @Test
    void keystoreCommandHelpSaysThePassphraseIsNeverAnArgument() {
        String help = CliResult.run("keys", "list", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("never a command-line argument", "--passphrase is rejected as unknown",
                "SEALEDKV_KEYSTORE_PASSPHRASE", "With --snapshot FILE");
    }

    @Test
    void aPassphraseArgumentIsRejectedWithoutEchoingIt() {
        for (String[] args : List.of(
                new String[] {"keys", "list", "--keystore", "k", "--passphrase", "hunter2"},
                new String[] {"keys", "destroy", "--keystore", "k", "--passphrase=hunter2", "1"},
                new String[] {"keys", "change-passphrase", "--keystore", "k", "--new-passphrase", "hunter2"})) {
            CliResult result = CliResult.run(args);

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("never a command-line argument", "--passphrase-env")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void twoPassphraseSourcesAreAUsageError() {
        CliResult result = CliResult.run("keys", "list", "--keystore", dir.resolve("k").toString(),
                "--passphrase-env", "X", "--passphrase-file", "y");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("mutually exclusive", "Run 'sealedkv keys list --help'");
    }

    @Test
    void aMissingKeystoreOptionIsAUsageError() {
        CliResult result = CliResult.run("keys", "rotate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--keystore");
    }

    @Test
    void changePassphraseNeedsANewPassphraseSource() {
        CliResult result = CliResult.run("keys", "change-passphrase", "--keystore", dir.resolve("k").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--new-passphrase-env", "--new-passphrase-file");
    }

    @Test
    void aCommandWithoutSubcommandIsAUsageError() {
        assertThat(CliResult.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliResult.run("keys").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
