package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class InspectIT {
    @TempDir
    Path dir;

    private KeysFixture fixture;
    private Path snapshot;
    private final java.util.Map<String, String> encodings = new java.util.HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new KeysFixture(dir);
        fixture.init();
        Path data = Files.createDirectory(dir.resolve("data"));
        try (FileKeystoreServer server = FileKeystoreServer.start(data, fixture.keystore, fixture.passphraseFile);
             Jedis jedis = server.jedis()) {
            DataSet.write(jedis);
            for (String key : List.of("str:int", "str:embstr", "str:raw", "list:large", "hash:small", "hash:large",
                    "set:ints", "set:large", "zset:small", "zset:large")) {
                encodings.put(key, jedis.objectEncoding(key));
            }
            jedis.save();
        }
        snapshot = data.resolve("dump.sealed");
    }

    private CliResult inspect(String... more) {
        List<String> args = new ArrayList<>(List.of("inspect", snapshot.toString(), "--keystore",
                fixture.keystore.toString(), "--passphrase-file", fixture.passphraseFile.toString()));
        args.addAll(List.of(more));
        return CliResult.run(args.toArray(String[]::new));
    }

    @Test
    void listsEveryKeyWithoutAnyValue() {
        CliResult result = inspect();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().skip(1).count()).isEqualTo(16);
        assertThat(result.out()).containsPattern("(?m)^0\\s+\"str:int\"\\s+string\\s+int\\s+5\\s+-1\\s+\\[1]$")
                .containsPattern("(?m)^0\\s+\"str:embstr\"\\s+string\\s+embstr\\s+19\\s")
                .containsPattern("(?m)^0\\s+\"str:raw\"\\s+string\\s+raw\\s")
                .containsPattern("(?m)^0\\s+\"list:large\"\\s+list\\s+quicklist\\s+300\\s+-1")
                .containsPattern("(?m)^0\\s+\"hash:large\"\\s+hash\\s+\\w+\\s+200\\s+\\d{6}\\s")
                .containsPattern("(?m)^0\\s+\"set:ints\"\\s+set\\s+intset\\s+3\\s")
                .containsPattern("(?m)^0\\s+\"zset:small\"\\s+zset\\s+listpack\\s+2\\s+\\d{6}\\s")
                .containsPattern("(?m)^3\\s+\"db3:str\"\\s+string");
        encodings.forEach((key, encoding) -> assertThat(result.out())
                .as("OBJECT ENCODING of " + key).containsPattern("(?m)^0\\s+\"" + key + "\"\\s+\\w+\\s+" + encoding + "\\s"));
        for (String secret : DataSet.SECRETS) {
            assertThat(result.out() + result.err()).doesNotContain(secret);
        }
        assertThat(result.out()).doesNotContain("12345");
    }

    @Test
    void jsonWithoutShowValuesHasNoValueField() throws Exception {
        CliResult result = inspect("--json");

        JsonNode keys = new ObjectMapper().readTree(result.out());
        assertThat(keys.size()).isEqualTo(16);
        for (JsonNode key : keys) {
            assertThat(key.has("value")).isFalse();
            assertThat(key.get("keyVersions").toString()).isEqualTo("[1]");
        }
        for (String secret : DataSet.SECRETS) {
            assertThat(result.out()).doesNotContain(secret);
        }
    }

    @Test
    void showValuesShowsStringsEscapedLikeRedisCli() {
        CliResult result = inspect("--show-values");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("value: \"secret-string-value\"")
                .contains("value: \"\\x00\\x01\\x02\\xff\\n\"");
    }
}
