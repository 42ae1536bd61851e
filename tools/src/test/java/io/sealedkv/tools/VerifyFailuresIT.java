package io.sealedkv.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealedkv.crypto.stream.SegmentLayout;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.Persistence;
import io.sealedkv.engine.persistence.SnapshotReader;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.engine.types.hash.PairList;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.keystore.file.FileKeystore;
import io.sealedkv.keystore.file.FileKeystoreSettings;
import io.sealedkv.keystore.file.Passphrase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** verify tells a changed bit, a truncation and a missing key version apart: message and exit code. */
class VerifyFailuresIT {
    /** One keystore and snapshot for the class; each test works on its own copies. */
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private KeysFixture fixture;
    private Path snapshot;

    @BeforeAll
    static void writeSnapshot() throws Exception {
        KeysFixture keys = new KeysFixture(shared);
        keys.init();
        Path data = Files.createDirectory(shared.resolve("data"));
        try (FileKeystoreServer server = FileKeystoreServer.start(data, keys.keystore, keys.passphraseFile);
             Jedis jedis = server.jedis()) {
            Random random = new Random(7);
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 400; i++) {
                byte[] value = new byte[4096];
                random.nextBytes(value);
                pipeline.set(("key" + i).getBytes(), value);
            }
            pipeline.sync();
            DataSet.write(jedis);
            jedis.save();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new KeysFixture(dir);
        Files.copy(shared.resolve("test.keystore"), fixture.keystore, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectory(dir.resolve("data"));
        snapshot = dir.resolve("data").resolve("dump.sealed");
        Files.copy(shared.resolve("data").resolve("dump.sealed"), snapshot);
        assertThat(Files.size(snapshot)).as("several segments of 256 KiB").isGreaterThan(1024 * 1024);
    }

    private CliResult verify(String... more) {
        String[] args = new String[4 + more.length + 1];
        args[0] = "verify";
        args[1] = snapshot.toString();
        args[2] = "--keystore";
        args[3] = fixture.keystore.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        args[args.length - 1] = "--passphrase-file=" + fixture.passphraseFile;
        return CliResult.run(args);
    }

    @Test
    void anIntactSnapshotVerifies() {
        CliResult result = verify();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("416 keys", "every segment authenticated")
                .contains("sealed values per data key version: {1=");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aFlippedBitIsAnAuthenticationFailureAtItsSegment() throws Exception {
        Damage.flipBit(snapshot, 0.6);

        CliResult result = verify();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(result.err()).containsPattern("authentication failed at segment [1-9]");
        assertThat(result.err().lines().count()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTruncationIsReportedAfterTheLastWholeSegment() throws Exception {
        Damage.truncate(snapshot, 0.6);

        CliResult result = verify();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(result.err()).containsPattern("truncated inside segment [1-9]");
        assertThat(result.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aTruncationAtASegmentBoundaryIsReportedAfterTheLastWholeSegment() throws Exception {
        SnapshotReader.HeaderInfo header;
        try (InputStream in = Files.newInputStream(snapshot)) {
            header = SnapshotReader.header(in);
        }
        int cut = header.length() + SegmentLayout.NONCE_PREFIX_LENGTH + 2 * (header.segmentSize() + SegmentLayout.TAG_LENGTH);
        Files.write(snapshot, Arrays.copyOf(Files.readAllBytes(snapshot), cut));

        CliResult result = verify();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(result.err()).contains("truncated after segment 1");
    }

    @Test
    void aTruncationInsideTheHeaderIsATruncationToo() throws Exception {
        Files.write(snapshot, java.util.Arrays.copyOf(Files.readAllBytes(snapshot), 30));

        CliResult result = verify();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(result.err()).contains("truncated");
    }

    @Test
    void aDestroyedKeyVersionIsNamed() {
        assertThat(fixture.keys("rotate").exitCode()).isZero();
        assertThat(fixture.keys("destroy", "1", "--force").exitCode()).isZero();

        CliResult result = verify();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
        assertThat(result.err()).contains("data key version 1", "destroyed");
    }

    @Test
    void aKeystoreWithoutTheVersionIsNamed() throws Exception {
        assertThat(fixture.keys("rotate").exitCode()).isZero();
        Path data = dir.resolve("data");
        Path bundle = dir.resolve("bundle");
        assertThat(CliResult.run("backup", "--data-dir", data.toString(), "--out", bundle.toString(), "--keystore",
                fixture.keystore.toString(), "--passphrase-file", fixture.passphraseFile.toString()).exitCode()).isZero();
        CliResult resealed = CliResult.run("restore", bundle.toString(), "--data-dir", data.toString(), "--force",
                "--reseal", "--keystore", fixture.keystore.toString(), "--passphrase-file", fixture.passphraseFile.toString());
        assertThat(resealed.exitCode()).as(resealed.err()).isZero();
        KeysFixture other = new KeysFixture(Files.createDirectory(dir.resolve("other")));
        other.init();

        CliResult result = CliResult.run("verify", snapshot.toString(), "--keystore", other.keystore.toString(),
                "--passphrase-file", other.passphraseFile.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
        assertThat(result.err()).contains("needs data key version 2, which the keystore does not have");
    }

    @Test
    void anotherKeystoreWithTheSameVersionNumberCannotOpenTheStreamKey() throws Exception {
        KeysFixture other = new KeysFixture(Files.createDirectory(dir.resolve("other")));
        other.init();

        CliResult result = CliResult.run("verify", snapshot.toString(), "--keystore", other.keystore.toString(),
                "--passphrase-file", other.passphraseFile.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
        assertThat(result.err()).contains("stream key does not open", "another keystore");
    }

    @Test
    void theThreeFailuresHaveDistinctMessagesAndCodes() throws Exception {
        byte[] intact = Files.readAllBytes(snapshot);
        Damage.flipBit(snapshot, 0.6);
        CliResult flipped = verify();
        Files.write(snapshot, intact);
        Damage.truncate(snapshot, 0.6);
        CliResult truncated = verify();
        Files.write(snapshot, intact);
        fixture.keys("rotate");
        fixture.keys("destroy", "1", "--force");
        CliResult missing = verify();

        assertThat(Set.of(flipped.exitCode(), truncated.exitCode(), missing.exitCode())).hasSize(3)
                .doesNotContain(ExitCodes.OK, ExitCodes.FAILED, ExitCodes.USAGE, ExitCodes.KEYSTORE);
        assertThat(Set.of(flipped.err(), truncated.err(), missing.err())).hasSize(3);
    }

    @Test
    void jsonNamesTheFailureForScripts() throws Exception {
        Damage.flipBit(snapshot, 0.6);

        CliResult result = verify("--json");

        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("failure").asText()).isEqualTo("AUTHENTICATION");
        assertThat(json.get("exitCode").asInt()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(result.exitCode()).isEqualTo(ExitCodes.DAMAGED);
    }

    @Test
    void verifyNeverPrintsValues() {
        CliResult result = verify("--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        for (String secret : DataSet.SECRETS) {
            assertThat(result.out() + result.err()).doesNotContain(secret);
        }
    }

    @Test
    void aForgedElementTokenIsDamageNamingTheDatabaseAndKeyButNotTheElement() throws Exception {
        try (FileKeystore opened = FileKeystore.open(FileKeystoreSettings.from(Map.of(FileKeystoreSettings.PATH,
                fixture.keystore.toString())), Passphrase.fromFile(fixture.passphraseFile))) {
            ValueCodec codec = new SealingValueCodec(opened);
            Keyspace keyspace = new Keyspace(16);
            ElementSealer sealer = ElementSealer.forNew(codec);
            SetValue set = SetValue.large(sealer.identity(), 2);
            set.add(sealer.token("member-a".getBytes()), sealer.seal("member-a".getBytes()));
            set.add(sealer.token("member-b".getBytes()), sealer.seal("secret-forged-member".getBytes()));
            ElementSealer hashSealer = ElementSealer.forNew(codec);
            FieldTable fields = new FieldTable();
            fields.put(hashSealer.token("f".getBytes()), hashSealer.seal(PairList.encodePair("f".getBytes(),
                    "secret-hash-value".getBytes())));
            keyspace.load(keyspace.database(0), "fine-hash".getBytes(), HashValue.hashtable(hashSealer.identity(),
                    fields), -1);
            keyspace.load(keyspace.database(2), "forged".getBytes(), set, -1);
            Persistence.write(keyspace, codec, snapshot);
        }

        CliResult result = verify();

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(result.err()).contains("set at key \"forged\" in database 2", "wrong element token")
                .doesNotContain("secret-forged-member", "member-a", "member-b");
        assertThat(result.out()).doesNotContain("secret");
        CliResult json = verify("--json");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(new ObjectMapper().readTree(json.out()).get("failure").asText()).isEqualTo("TOKEN_MISMATCH");
        assertThat(json.out()).doesNotContain("secret");
    }

    @Test
    void aRewrittenSnapshotWithRightTokensVerifies() throws Exception {
        try (FileKeystore opened = FileKeystore.open(FileKeystoreSettings.from(Map.of(FileKeystoreSettings.PATH,
                fixture.keystore.toString())), Passphrase.fromFile(fixture.passphraseFile))) {
            ValueCodec codec = new SealingValueCodec(opened);
            Keyspace keyspace = new Keyspace(16);
            ElementSealer sealer = ElementSealer.forNew(codec);
            SetValue set = SetValue.large(sealer.identity(), 2);
            set.add(sealer.token("member-a".getBytes()), sealer.seal("member-a".getBytes()));
            set.add(sealer.token("member-b".getBytes()), sealer.seal("member-b".getBytes()));
            keyspace.load(keyspace.database(2), "fine".getBytes(), set, -1);
            Persistence.write(keyspace, codec, snapshot);
        }

        CliResult result = verify();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("1 keys");
    }
}
