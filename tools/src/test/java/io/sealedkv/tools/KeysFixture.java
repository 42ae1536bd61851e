package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import io.sealedkv.keystore.file.Passphrase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A keystore path and a passphrase file in a temporary directory, with {@code sealedkv keys ...} run
 * in-process against them (a passphrase file, since a test cannot set environment variables).
 */
final class KeysFixture {
    static final String PASSPHRASE = "correct horse battery staple";

    final Path dir;
    final Path keystore;
    final Path passphraseFile;

    KeysFixture(Path dir) {
        this.dir = dir;
        this.keystore = dir.resolve("test.keystore");
        this.passphraseFile = secretFile("passphrase", PASSPHRASE + "\n");
    }

    /** A file only its owner can read, as a passphrase file should be. */
    Path secretFile(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code sealedkv keys SUBCOMMAND --keystore ... --passphrase-file ... MORE}. */
    CliResult keys(String subcommand, String... more) {
        return keysWith(passphraseFile, subcommand, more);
    }

    CliResult keysWith(Path passphrase, String subcommand, String... more) {
        List<String> args = new ArrayList<>(List.of("keys", subcommand, "--keystore", keystore.toString(),
                "--passphrase-file", passphrase.toString()));
        args.addAll(Arrays.asList(more));
        return CliResult.run(args.toArray(String[]::new));
    }

    /** Creates the keystore with a cheap KDF. */
    void init() {
        CliResult result = keys("init", "--kdf-log2n", "10");
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    /** The rows of {@code keys list}'s table, each split into its columns. */
    List<List<String>> listedRows() {
        CliResult result = keys("list");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly("VERSION", "STATE", "CREATED", "SEALS");
        return lines.stream().skip(1).map(line -> List.of(line.trim().split("\\s+"))).toList();
    }

    /** The versions as the keystore module itself reads them from the file, bypassing the tool. */
    List<KeyVersionInfo> versionsReadDirectly() {
        FileKeystoreSettings settings = FileKeystoreSettings.from(Map.of(FileKeystoreSettings.PATH,
                keystore.toString()));
        try (FileKeystore opened = FileKeystore.open(settings, Passphrase.fromFile(passphraseFile))) {
            return opened.versions();
        }
    }

    byte[] keystoreBytes() {
        try {
            return Files.readAllBytes(keystore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
