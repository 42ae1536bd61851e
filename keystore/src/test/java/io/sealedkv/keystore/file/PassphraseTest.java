package io.sealedkv.keystore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PassphraseTest {
    @TempDir
    Path directory;

    @Test
    void environmentValueIsTakenAsIs() {
        try (Passphrase p = Passphrase.fromEnvironment("P", Map.of("P", " secret\n")::get)) {
            assertThat(p.bytes()).isEqualTo(" secret\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unsetOrEmptyVariableIsRefused() {
        assertRefused(() -> Passphrase.fromEnvironment("P", name -> null), "environment variable P is not set");
        assertRefused(() -> Passphrase.fromEnvironment("P", Map.of("P", "")::get), "is empty");
    }

    @Test
    void fileLosesExactlyOneTrailingLineEnd() throws IOException {
        assertThat(fromFile("secret\n")).isEqualTo("secret");
        assertThat(fromFile("secret\r\n")).isEqualTo("secret");
        assertThat(fromFile("secret")).isEqualTo("secret");
        assertThat(fromFile("secret\n\n")).isEqualTo("secret\n");
        assertThat(fromFile("secret \t\n")).isEqualTo("secret \t");
        assertThat(fromFile("secret\r")).isEqualTo("secret\r");
    }

    @Test
    void aFileWithOnlyALineEndIsEmpty() throws IOException {
        Path file = write("\n");
        assertRefused(() -> Passphrase.fromFile(file), "is empty");
    }

    @Test
    void composedAndDecomposedFormsAreTheSamePassphrase() {
        try (Passphrase nfc = Passphrase.of("caf\u00e9 na\u00efve"); Passphrase nfd = Passphrase.of("cafe\u0301 nai\u0308ve")) {
            assertThat(nfd.bytes()).isEqualTo(nfc.bytes()).isEqualTo("café naïve".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void limitIs1024BytesAfterEncoding() {
        Passphrase.of("a".repeat(1024)).close();
        Passphrase.of("\u00e9".repeat(512)).close();
        assertRefused(() -> Passphrase.of("a".repeat(1025)), "longer than 1024 bytes");
        assertRefused(() -> Passphrase.of("\u00e9".repeat(513)), "longer than 1024 bytes");
    }

    @Test
    void aMegabyteFileIsRefusedUnread() throws IOException {
        Path file = write("x".repeat(1 << 20));
        assertRefused(() -> Passphrase.fromFile(file), "larger than 8192 bytes");
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        Path file = directory.resolve("bad");
        Files.write(file, new byte[] {'a', (byte) 0xC3, '\n'});
        assertRefused(() -> Passphrase.fromFile(file), "not valid UTF-8");
    }

    @Test
    void unreadableFileIsRefused() {
        assertRefused(() -> Passphrase.fromFile(directory.resolve("missing")), "cannot read passphrase file");
    }

    @Test
    void fileReadableByOthersIsWarnedAboutWithoutThePassphrase() throws IOException {
        Path file = write("top secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Logger logger = (Logger) LoggerFactory.getLogger(Passphrase.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            Passphrase.fromFile(file).close();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Passphrase.fromFile(file).close();
        } finally {
            logger.detachAppender(events);
        }
        assertThat(events.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains(file.toString(), "0644").doesNotContain("top secret");
        });
    }

    @Test
    void closeErasesAndToStringHides() {
        Passphrase p = Passphrase.of("secret");
        assertThat(p.toString()).doesNotContain("secret");
        p.close();
        assertThat(p.bytes()).containsOnly(0);
    }

    private String fromFile(String content) throws IOException {
        try (Passphrase p = Passphrase.fromFile(write(content))) {
            return new String(p.bytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(directory, "passphrase", ".txt");
        Files.writeString(file, content);
        return file;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable action, String message) {
        assertThatThrownBy(action).isInstanceOfSatisfying(KeystoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PASSPHRASE)).hasMessageContaining(message);
    }
}
