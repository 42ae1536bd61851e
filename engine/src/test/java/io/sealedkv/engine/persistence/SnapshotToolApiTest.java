package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sealedkv tools use: the header alone, streaming entries to a sink, writing an offline keyspace. */
class SnapshotToolApiTest {
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ValueCodec codec = new SealingValueCodec(keystore);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        keystore.close();
    }

    private Path written() throws Exception {
        Keyspace keyspace = new Keyspace(4);
        for (int i = 0; i < 3; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
            keyspace.load(keyspace.database(2), key, codec.seal(SealContext.of(2, key), new byte[] {(byte) i}),
                    i == 0 ? System.currentTimeMillis() + 60_000 : -1);
        }
        Path file = dir.resolve("dump.sealed");
        assertThat(Persistence.write(keyspace, codec, file)).isEqualTo(Files.size(file));
        return file;
    }

    @Test
    void theHeaderNamesTheVersionsWithoutAnyKey() throws Exception {
        Path file = written();
        keystore.rotate();

        SnapshotReader.HeaderInfo header;
        try (InputStream in = Files.newInputStream(file)) {
            header = SnapshotReader.header(in);
        }

        assertThat(header.versions()).containsExactly(1);
        assertThat(header.streamKeyVersion()).isEqualTo(1);
        assertThat(header.segmentSize()).isEqualTo(SnapshotFormat.SEGMENT_SIZE);
        assertThat(header.length()).isBetween(30, (int) Files.size(file));
    }

    @Test
    void aSinkReceivesEveryEntryWithItsDatabaseIdAndExpiry() throws Exception {
        Path file = written();
        List<String> seen = new ArrayList<>();

        try (InputStream in = Files.newInputStream(file)) {
            SnapshotReader.read(in, codec, 4, (db, id, key, value, expireAt) -> {
                byte[] plaintext = codec.open(SealContext.of(id, key), (byte[]) value);
                seen.add(db + ":" + new String(key, StandardCharsets.US_ASCII) + "=" + plaintext[0] + (expireAt > 0 ? "+ttl" : ""));
                return true;
            });
        }

        assertThat(seen).containsExactlyInAnyOrder("2:k0=0+ttl", "2:k1=1", "2:k2=2");
    }

    @Test
    void aSinkThatRefusesAKeyFailsTheRead() throws Exception {
        Path file = written();

        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                SnapshotReader.read(in, codec, 4, (db, id, key, value, expireAt) -> false);
            }
        }).isInstanceOf(SnapshotException.class).hasMessageContaining("duplicate key in database 2");
    }

    @Test
    void aHeaderCutShortIsABadHeader() {
        assertThatThrownBy(() -> SnapshotReader.header(new ByteArrayInputStream(SnapshotFormat.MAGIC)))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("ends inside the header");
    }
}
