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
            jedis.hset("hash:binary".getBytes(), new byte[] {'f', 0, '"'}, new byte[] {(byte) 0xFF, '\n', '\\'});
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
    void readingCommandsRunBesideAServerThatHoldsTheKeystore() {
        try (FileKeystoreServer server = FileKeystoreServer.start(snapshot.getParent(), fixture.keystore,
                fixture.passphraseFile)) {
            CliResult inspected = inspect();
            CliResult listed = withKeystore("keys", "list", "--snapshot", snapshot.toString());
            CliResult exported = withKeystore("export-rdb", snapshot.toString(), "--out", dir.resolve("out.rdb").toString());
            CliResult rotated = withKeystore("keys", "rotate");

            assertThat(inspected.exitCode()).as(inspected.err()).isZero();
            assertThat(inspected.out().lines().skip(1).count()).isEqualTo(17);
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(rotated.exitCode()).as("a change still needs the lock").isEqualTo(ExitCodes.KEYSTORE);
            assertThat(rotated.err()).contains("IN_USE");
        }
    }

    private CliResult withKeystore(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--keystore", fixture.keystore.toString(), "--passphrase-file", fixture.passphraseFile.toString()));
        return CliResult.run(args.toArray(String[]::new));
    }

    @Test
    void listsEveryKeyWithoutAnyValue() {
        CliResult result = inspect();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().skip(1).count()).as("one line per key, nothing else").isEqualTo(17);
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
        assertThat(result.out()).doesNotContain("12345").doesNotContain("value:").doesNotContain("item ")
                .doesNotContain("field ").doesNotContain("member").doesNotContain("score");
    }

    @Test
    void jsonWithoutShowValuesHasNoValueField() throws Exception {
        CliResult result = inspect("--json");

        JsonNode keys = new ObjectMapper().readTree(result.out());
        assertThat(keys.size()).isEqualTo(17);
        for (JsonNode key : keys) {
            assertThat(key.has("value")).isFalse();
            assertThat(key.has("items") || key.has("fields") || key.has("members")).as(key.toString()).isFalse();
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

    @Test
    void showValuesShowsEveryCollectionElementEscapedInOrder() {
        CliResult result = inspect("--show-values");

        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        assertThat(out).contains("    item 1: \"secret-list-item-a\"\n    item 2: \"secret-list-item-b\"\n")
                .contains("    item 1: \"secret-list-item-0\"", "    item 300: \"secret-list-item-299\"")
                .contains("    field \"f1\": \"secret-hash-value-1\"", "    field \"field199\": \"secret-hash-value-199\"")
                .contains("    field \"f\\x00\\\"\": \"\\xff\\n\\\\\"")
                .contains("    member: \"1\"", "    member: \"secret-set-member-b\"", "    member: \"secret-set-member-199\"")
                .contains("    member: \"secret-set-member-db3\"")
                .contains("    member \"secret-zset-member-b\" score: -2\n    member \"secret-zset-member-a\" score: 1.5\n")
                .contains("    member \"secret-zset-member-0\" score: 0\n    member \"secret-zset-member-1\" score: 0.5\n")
                .contains("    member \"secret-zset-member-199\" score: 99.5");
        assertThat(out.lines().filter(l -> l.startsWith("    item ")).count()).isEqualTo(302);
        assertThat(out.lines().filter(l -> l.startsWith("    field ")).count()).isEqualTo(203);
        assertThat(out.lines().filter(l -> l.startsWith("    member: ")).count()).isEqualTo(3 + 2 + 200 + 1);
        assertThat(out.lines().filter(l -> l.startsWith("    member \"")).count()).isEqualTo(202);
    }

    @Test
    void showValuesInJsonGivesEveryElementByType() throws Exception {
        CliResult result = inspect("--show-values", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        java.util.Map<String, JsonNode> byKey = new java.util.HashMap<>();
        for (JsonNode key : new ObjectMapper().readTree(result.out())) {
            byKey.put(key.get("key").asText(), key);
        }
        assertThat(byKey.get("\"list:small\"").get("items").toString())
                .isEqualTo("[\"\\\"secret-list-item-a\\\"\",\"\\\"secret-list-item-b\\\"\"]");
        assertThat(byKey.get("\"list:large\"").get("items").size()).isEqualTo(300);
        assertThat(byKey.get("\"hash:large\"").get("fields").size()).isEqualTo(200);
        JsonNode binary = byKey.get("\"hash:binary\"").get("fields").get(0);
        assertThat(binary.get("field").asText()).isEqualTo("\"f\\x00\\\"\"");
        assertThat(binary.get("value").asText()).isEqualTo("\"\\xff\\n\\\\\"");
        assertThat(byKey.get("\"set:ints\"").get("members").toString()).isEqualTo("[\"\\\"1\\\"\",\"\\\"2\\\"\",\"\\\"3\\\"\"]");
        assertThat(byKey.get("\"set:large\"").get("members").size()).isEqualTo(200);
        JsonNode zset = byKey.get("\"zset:small\"").get("members");
        assertThat(zset.get(0).get("member").asText()).isEqualTo("\"secret-zset-member-b\"");
        assertThat(zset.get(0).get("score").asText()).isEqualTo("-2");
        assertThat(zset.get(1).get("score").asText()).isEqualTo("1.5");
        assertThat(byKey.get("\"zset:large\"").get("members").size()).isEqualTo(200);
        assertThat(byKey.get("\"str:embstr\"").get("value").asText()).isEqualTo("\"secret-string-value\"");
        assertThat(byKey.get("\"str:embstr\"").has("members")).isFalse();
    }
}
