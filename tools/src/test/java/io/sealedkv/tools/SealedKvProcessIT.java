package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in its own JVM, as scripts run it: the exit code reaches the process, and the
 * passphrase comes from the default environment variable, which only a child process can be given.
 */
class SealedKvProcessIT {
    private static final String VARIABLE = "SEALEDKV_KEYSTORE_PASSPHRASE";

    @TempDir
    Path dir;

    record Exit(int code, String out, String err) {
    }

    @Test
    void thePassphraseComesFromTheDefaultVariableAndExitCodesReachTheProcess() throws Exception {
        String keystore = dir.resolve("ks").toString();

        Exit init = sealedkv(Map.of(VARIABLE, "from the environment"), "keys", "init", "--keystore", keystore,
                "--kdf-log2n", "10");
        assertThat(init.code()).as(init.err()).isZero();

        Exit list = sealedkv(Map.of(VARIABLE, "from the environment"), "keys", "list", "--keystore", keystore,
                "--json");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("\"state\":\"PRIMARY\"");
        assertThat(list.err()).isEmpty();

        Exit wrong = sealedkv(Map.of(VARIABLE, "not it"), "keys", "list", "--keystore", keystore);
        assertThat(wrong.code()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(wrong.err()).contains("WRONG_PASSPHRASE").doesNotContain("\tat ");

        Exit unset = sealedkv(Map.of(), "keys", "list", "--keystore", keystore);
        assertThat(unset.code()).isEqualTo(ExitCodes.KEYSTORE);
        assertThat(unset.err()).contains("INVALID_PASSPHRASE", VARIABLE + " is not set");
    }

    private Exit sealedkv(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SealedKvCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
