package io.sealedkv.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void fileThenCommandLineOverrides() throws IOException {
        Path file = dir.resolve("sealedkv.conf");
        Files.writeString(file, "# comment\nport 7000\n  maxmemory 1gb\nsave 900 1 300 10\nrequirepass \"a b\"\n");
        Config config = ConfigLoader.fromArguments(new String[] {file.toString(), "--port", "7001", "--save", ""});
        assertThat(config.intValue("port")).isEqualTo(7001);
        assertThat(config.longValue("maxmemory")).isEqualTo(1024L * 1024 * 1024);
        assertThat(config.stringValue("save")).isEmpty();
        assertThat(config.stringValue("requirepass")).isEqualTo("a b");
        assertThat(config.configFile()).isEqualTo(file.toAbsolutePath().toString());
    }

    @Test
    void overridesWithoutAFile() throws IOException {
        Config config = ConfigLoader.fromArguments(new String[] {"--port", "7000", "--dir", "./data-7000"});
        assertThat(config.intValue("port")).isEqualTo(7000);
        assertThat(config.stringValue("dir")).isEqualTo("./data-7000");
        assertThat(config.configFile()).isNull();
    }

    @Test
    void badDirectivesStopWithTheLine() {
        Config config = new Config();
        assertThatThrownBy(() -> ConfigLoader.apply(config, "port 7000\nnosuch 1\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("at line 2")
                .hasMessageContaining(">>> 'nosuch 1'")
                .hasMessageContaining("Bad directive or wrong number of arguments");
        assertThatThrownBy(() -> ConfigLoader.apply(config, "maxclients many\n"))
                .hasMessageContaining("argument couldn't be parsed into an integer");
    }

    @Test
    void aPassphraseOrPasswordInARefusedDirectiveIsNotEchoed() {
        assertThatThrownBy(() -> ConfigLoader.fromArguments(
                new String[] {"--keystore-passphrase", "correct horse battery"}))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining(">>> 'keystore-passphrase (arguments not shown)'")
                .hasMessageContaining("a passphrase is never a setting: use keystore-passphrase-file or the"
                        + " SEALEDKV_KEYSTORE_PASSPHRASE environment variable")
                .hasMessageNotContaining("horse");
        assertThatThrownBy(() -> ConfigLoader.apply(new Config(), "masterauth s3cret\nrequirepass\n"))
                .hasMessageContaining(">>> 'masterauth (arguments not shown)'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigLoader.apply(new Config(), "requirepass \"s3cret\n"))
                .hasMessageContaining("Unbalanced quotes").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigLoader.apply(new Config(), "user alice on \">s3cret\n"))
                .hasMessageContaining("Unbalanced quotes").hasMessageNotContaining("s3cret");
    }

    @Test
    void memoryUnitsAndBooleans() {
        Config config = new Config();
        ConfigLoader.apply(config, "proto-max-bulk-len 2MB\nclient-query-buffer-limit 5m\nprotected-mode NO\n");
        assertThat(config.longValue("proto-max-bulk-len")).isEqualTo(2 * 1024 * 1024);
        assertThat(config.longValue("client-query-buffer-limit")).isEqualTo(5_000_000);
        assertThat(config.boolValue("protected-mode")).isFalse();
    }

    @Test
    void getMatchesGlobsAndSetIsAllOrNothing() {
        Config config = new Config();
        Map<String, String> timeouts = config.get(List.of("time*"));
        assertThat(timeouts).containsOnlyKeys("timeout");
        assertThatThrownBy(() -> config.set(List.of(Map.entry("timeout", "5"), Map.entry("hz", "x")), false))
                .isInstanceOf(ConfigSetException.class);
        assertThat(config.longValue("timeout")).isZero();
        assertThatThrownBy(() -> config.set(List.of(Map.entry("timeout", "5"), Map.entry("TIMEOUT", "6")), false))
                .hasMessageEndingWith("duplicate parameter");
        config.set(List.of(Map.entry("hash-max-ziplist-entries", "5"), Map.entry("hash-max-listpack-entries", "6")),
                false);
        assertThat(config.longValue("hash-max-listpack-entries")).as("a name and its alias: the last wins")
                .isEqualTo(6);
    }

    @Test
    void hzIsClampedLikeRedis() {
        Config config = new Config();
        config.set(List.of(Map.entry("hz", "0")), false);
        assertThat(config.longValue("hz")).isEqualTo(1);
        config.set(List.of(Map.entry("hz", "1000")), false);
        assertThat(config.longValue("hz")).isEqualTo(500);
    }

    @Test
    void rewriteKeepsCommentsAndUpdatesValues() throws IOException {
        Path file = dir.resolve("sealedkv.conf");
        Files.writeString(file, "# keep me\nport 7000\ntimeout 5\n");
        Config config = ConfigLoader.fromArguments(new String[] {file.toString()});
        config.set(List.of(Map.entry("timeout", "9"), Map.entry("maxclients", "50")), false);
        ConfigWriter.rewrite(config, file);
        assertThat(Files.readAllLines(file))
                .containsExactly("# keep me", "port \"7000\"", "timeout \"9\"", "maxclients \"50\"");
        Config reread = ConfigLoader.fromArguments(new String[] {file.toString()});
        assertThat(reread.longValue("timeout")).isEqualTo(9);
    }
}
