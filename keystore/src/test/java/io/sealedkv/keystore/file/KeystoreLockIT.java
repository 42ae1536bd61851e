package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.keystore.KeystoreException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore lock holds against another process, and is gone once that process closes it. */
class KeystoreLockIT {
    @TempDir
    Path directory;

    @Test
    void anotherProcessHoldingTheKeystoreKeepsUsOut() throws Exception {
        KeystoreFixture fixture = new KeystoreFixture(directory);
        fixture.open().close();
        Process holder = startHolder(fixture.path);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("opened version 1");
            fixture.assertOpenFails(Reason.IN_USE, m -> assertThat(m).contains("in use by another process"));
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
        } finally {
            holder.destroyForcibly();
        }
        fixture.open().close();
    }

    private static Process startHolder(Path keystore) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                KeystoreHolder.class.getName(), keystore.toString());
        builder.environment().put(KeystoreFixture.ENV, KeystoreFixture.PASSPHRASE);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }
}
