package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.persistence.SnapshotException.Failure;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Format 2's string values: envelopes come back byte for byte whatever groups they fall in, the record
 * is as small as the format says, and a body whose compact fields are wrong is refused as a body that
 * does not parse (written here straight from {@link SnapshotFormat}'s grammar).
 */
class SnapshotFormatV2Test {
    /** 16 counters per reserved block: every 16 seals start a new nonce fixed field, so a new group. */
    private final Keystore keystore = Keystores.open("memory", Map.of("nonce-block", "16"));
    private final ValueCodec codec = new SealingValueCodec(keystore);

    @AfterEach
    void close() {
        keystore.close();
    }

    private byte[] write(Keyspace keyspace) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keyspace.lock().lock();
        try {
            SnapshotWriter.writeTo(Snapshot.capture(keyspace, codec), codec, out);
        } finally {
            keyspace.lock().unlock();
        }
        return out.toByteArray();
    }

    private Keyspace load(byte[] file) throws SnapshotException {
        Keyspace keyspace = new Keyspace(16);
        SnapshotReader.load(new ByteArrayInputStream(file), codec, keyspace, false);
        return keyspace;
    }

    private SnapshotException refusal(byte[] file) {
        try {
            load(file);
        } catch (SnapshotException e) {
            return e;
        }
        throw new AssertionError("a bad body loaded");
    }

    @Test
    void everyStringEnvelopeComesBackByteForByteAcrossNonceBlocksKeyVersionsAndCompression() throws Exception {
        Keyspace original = new Keyspace(16);
        Map<String, byte[]> saved = new HashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        Random random = new Random(5);
        for (int i = 0; i < 600; i++) {
            if (i == 300) {
                keystore.rotate();
            }
            Database db = original.database(i % 3 == 0 ? 2 : 0);
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = switch (i % 4) {
                case 0 -> new byte[0];
                case 1 -> "compressible ".repeat(30).getBytes(StandardCharsets.US_ASCII);
                default -> {
                    byte[] bytes = new byte[random.nextInt(300)];
                    random.nextBytes(bytes);
                    yield bytes;
                }
            };
            byte[] sealed = codec.seal(SealContext.of(db.id(), key), value);
            long expireAt = i % 7 == 0 ? original.now() + 3_600_000 + i : -1;
            original.load(db, key, sealed, expireAt);
            saved.put(db.id() + "/key:" + i, sealed);
            expiries.put(db.id() + "/key:" + i, expireAt);
        }

        assertThat(saved.values().stream().map(sealed -> EnvelopeV1.split(sealed).nonceFixed()).distinct().count())
                .as("nonce blocks").isGreaterThan(30);
        assertThat(saved.values().stream().filter(sealed -> EnvelopeV1.split(sealed).flags() != 0).count())
                .as("LZF-flagged").isPositive();

        Keyspace loaded = load(write(original));

        assertThat(loaded.database(0).size() + loaded.database(2).size()).isEqualTo(600);
        loaded.lock().lock();
        try {
            for (int dbIndex : new int[] {0, 2}) {
                Database db = loaded.database(dbIndex);
                for (Entry entry : loaded.entries(db)) {
                    String name = db.id() + "/" + new String(entry.key(), StandardCharsets.US_ASCII);
                    assertThat((byte[]) entry.value()).as(name).isEqualTo(saved.get(name));
                    assertThat(db.expireAt(entry)).as(name).isEqualTo(expiries.get(name));
                }
            }
        } finally {
            loaded.lock().unlock();
        }
    }

    /** 1 head + 1 key length + 10 key + 1 group + at most 3 counter delta + 1 length + 116 sealed payload. */
    @Test
    void aHundredByteValueUnderATenByteKeyTakesAtMost133BytesOfFile() throws Exception {
        try (Keystore defaults = Keystores.open("memory", Map.of())) {
            ValueCodec plain = new SealingValueCodec(defaults);
            Keyspace keyspace = new Keyspace(16);
            Random random = new Random(3);
            int keys = 20_000;
            for (int i = 0; i < keys; i++) {
                byte[] key = String.format("key:%06d", i).getBytes(StandardCharsets.US_ASCII);
                byte[] value = new byte[100];
                random.nextBytes(value);
                keyspace.load(keyspace.database(0), key, plain.seal(SealContext.of(0, key), value), -1);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keyspace.lock().lock();
            try {
                SnapshotWriter.writeTo(Snapshot.capture(keyspace, plain), plain, out);
            } finally {
                keyspace.lock().unlock();
            }
            assertThat((double) out.size() / keys).isLessThan(133.0);
        }
    }

    /** A body with one database (index 0, id 0) of the given entries and the end record for {@code versions}. */
    private static byte[] body(TreeSet<Integer> versions, byte[]... entries) {
        return body(versions, entries.length, entries);
    }

    /** As {@link #body(TreeSet, byte[][])} for a database record announcing {@code count} (under 128) entries. */
    private static byte[] body(TreeSet<Integer> versions, int count, byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SnapshotFormat.DATABASE);
        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) count});
        for (byte[] entry : entries) {
            out.writeBytes(entry);
        }
        out.write(SnapshotFormat.END);
        out.write(entries.length);
        out.write(versions.size());
        for (int version : versions) {
            out.write(version);
        }
        return out.toByteArray();
    }

    /** A string entry without expiry that defines the next group with these fields. */
    private static byte[] defining(String key, int formatVersion, int flags, int versionIndex, EnvelopeV1.Fields nonce,
                                   byte[] sealedPayload) {
        ByteBuffer entry = ByteBuffer.allocate(64 + sealedPayload.length)
                .put((byte) 0).put((byte) key.length()).put(key.getBytes(StandardCharsets.US_ASCII))
                .put((byte) group(key)).put((byte) formatVersion).put((byte) flags).put((byte) versionIndex)
                .putInt(nonce.nonceFixed()).putLong(nonce.nonceCounter())
                .put((byte) sealedPayload.length).put(sealedPayload);
        return Arrays.copyOf(entry.array(), entry.position());
    }

    /** Test keys name the group they define: "k0" defines group 0, "k1" group 1. */
    private static int group(String key) {
        return key.charAt(1) - '0';
    }

    /** A string entry without expiry of group {@code group} whose counter is the previous one plus {@code delta}. */
    private static byte[] following(String key, int group, int delta, byte[] sealedPayload) {
        ByteBuffer entry = ByteBuffer.allocate(16 + key.length() + sealedPayload.length)
                .put((byte) 0).put((byte) key.length()).put(key.getBytes(StandardCharsets.US_ASCII))
                .put((byte) group).put((byte) ((delta << 1) ^ (delta >> 31)))
                .put((byte) sealedPayload.length).put(sealedPayload);
        return Arrays.copyOf(entry.array(), entry.position());
    }

    private byte[] sealed(String key, String value) {
        return codec.seal(SealContext.of(0, key.getBytes(StandardCharsets.US_ASCII)), value.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] payload(byte[] sealed) {
        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
        return Arrays.copyOfRange(sealed, fields.sealedPayloadOffset(), fields.sealedPayloadOffset() + fields.sealedPayloadLength());
    }

    private byte[] file(byte[]... entries) throws Exception {
        TreeSet<Integer> versions = new TreeSet<>(Set.of(keystore.primary().version()));
        return SnapshotBodies.file(codec, 2, versions, body(versions, entries));
    }

    private byte[] opened(Keyspace keyspace, String key) {
        byte[] name = key.getBytes(StandardCharsets.US_ASCII);
        keyspace.lock().lock();
        try {
            return codec.open(SealContext.of(0, name), (byte[]) keyspace.lookupRead(keyspace.database(0), name).value());
        } finally {
            keyspace.lock().unlock();
        }
    }

    @Test
    void aBodyWrittenFromTheGrammarLoadsAndItsValuesOpen() throws Exception {
        byte[] first = sealed("k0", "one");
        byte[] second = sealed("k9", "two");
        EnvelopeV1.Fields fields = EnvelopeV1.split(first);

        Keyspace loaded = load(file(defining("k0", 1, 0, 0, fields, payload(first)), following("k9", 0, 1, payload(second))));

        assertThat(opened(loaded, "k0")).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));
        assertThat(opened(loaded, "k9")).isEqualTo("two".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aCounterDeltaThatIsWrongGivesAnEnvelopeThatFailsAuthenticationWhenOpened() throws Exception {
        byte[] first = sealed("k0", "one");
        byte[] second = sealed("k9", "two");
        EnvelopeV1.Fields fields = EnvelopeV1.split(first);

        Keyspace loaded = load(file(defining("k0", 1, 0, 0, fields, payload(first)), following("k9", 0, 2, payload(second))));

        assertThatThrownBy(() -> opened(loaded, "k9")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void compactFieldsThatDoNotParseAreRefusedAsABadBodyNamingTheField() throws Exception {
        byte[] first = sealed("k0", "one");
        byte[] second = sealed("k9", "two");
        EnvelopeV1.Fields nonce = EnvelopeV1.split(first);
        byte[] valid = defining("k0", 1, 0, 0, nonce, payload(first));

        assertBadBody(file(following("k9", 1, 1, payload(second))),
                "a string value names envelope group 1 but 0 are defined");
        assertBadBody(file(valid, following("k9", 2, 1, payload(second))),
                "a string value names envelope group 2 but 1 are defined");
        assertBadBody(file(defining("k0", 1, 0, 1, nonce, payload(first))),
                "envelope group 0 names key version index 1 but the header lists 1 versions");
        assertBadBody(file(defining("k0", 2, 0, 0, nonce, payload(first))),
                "a string value's envelope does not reassemble: sealed value has envelope format version 2; "
                        + "this build reads version 1");
        assertBadBody(file(defining("k0", 1, 0x02, 0, nonce, payload(first))),
                "a string value's envelope does not reassemble: sealed value sets flag bits 0x02 that version 1 "
                        + "does not define");
        assertBadBody(file(defining("k0", 1, 0, 0, nonce, Arrays.copyOf(payload(first), 15))),
                "a string value's envelope does not reassemble: sealed payload of 15 bytes; a version 1 envelope has 16");
        assertBadBody(file(valid, following("k9", 0, 1, Arrays.copyOf(payload(second), 15))),
                "a string value's envelope does not reassemble: sealed payload of 15 bytes; a version 1 envelope has 16");
        byte[] reservedHead = valid.clone();
        reservedHead[0] = 0x20;
        assertBadBody(file(reservedHead), "reserved entry head bits set");
        byte[] unknownType = valid.clone();
        unknownType[0] = 0x0F;
        assertBadBody(file(unknownType), "unknown type byte 15");
        byte[] longerThanTheBody = valid.clone();
        longerThanTheBody[valid.length - payload(first).length - 1] = 0x7F;
        assertBadBody(file(longerThanTheBody), "the body ends before its end record");
    }

    /**
     * Values past the reader's reused envelope buffer (kept on the heap) and past its limit (read into an
     * array of their own), between short ones, come back byte for byte, and count as much memory as when
     * added one by one; a tool reading the same file gets the same envelopes.
     */
    @Test
    void longValuesBetweenShortOnesComeBackByteForByte() throws Exception {
        Keyspace original = new Keyspace(16);
        Keyspace reference = new Keyspace(16);
        Map<String, byte[]> saved = new HashMap<>();
        Random random = new Random(11);
        int[] lengths = {100, 9_000, 5, 70_000, 120, 8_150, 100_000, 3, 65_000, 40};
        for (int i = 0; i < lengths.length * 3; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[lengths[i % lengths.length]];
            random.nextBytes(value);
            byte[] sealed = codec.seal(SealContext.of(original.database(0).id(), key), value);
            original.load(original.database(0), key, sealed, -1);
            reference.load(reference.database(0), key, sealed, -1);
            saved.put("key:" + i, sealed);
        }
        byte[] file = write(original);

        Keyspace loaded = load(file);

        assertThat(loaded.database(0).size()).isEqualTo(saved.size());
        assertThat(loaded.database(0).bytes()).isEqualTo(reference.database(0).bytes());
        loaded.lock().lock();
        try {
            assertThat(loaded.keyVersionCounts()).hasSize(1).isEqualTo(reference.keyVersionCounts());
            for (Entry entry : loaded.entries(loaded.database(0))) {
                String name = new String(entry.key(), StandardCharsets.US_ASCII);
                assertThat((byte[]) entry.value()).as(name).isEqualTo(saved.get(name));
            }
        } finally {
            loaded.lock().unlock();
        }
        Map<String, byte[]> read = new HashMap<>();
        SnapshotReader.read(new ByteArrayInputStream(file), codec, 16, (db, id, key, value, expireAt) ->
                read.put(new String(key, StandardCharsets.US_ASCII), (byte[]) value) == null);
        assertThat(read).containsOnlyKeys(saved.keySet());
        saved.forEach((name, sealed) -> assertThat(read.get(name)).as(name).isEqualTo(sealed));
    }

    @Test
    void aKeyTwiceInADatabaseIsRefusedAndSalvageKeepsWhatCameBefore() throws Exception {
        byte[] first = sealed("k0", "one");
        byte[] second = sealed("k9", "two");
        byte[] again = sealed("k0", "three");
        byte[] file = file(defining("k0", 1, 0, 0, EnvelopeV1.split(first), payload(first)),
                following("k9", 0, 1, payload(second)), following("k0", 0, 1, payload(again)));

        assertBadBody(file, "duplicate key in database 0");
        Keyspace salvaged = new Keyspace(16);
        SnapshotReader.Result result = SnapshotReader.load(new ByteArrayInputStream(file), codec, salvaged, true);
        assertThat(result.keysLoaded()).isEqualTo(2);
        assertThat(result.lost()).contains("duplicate key in database 0");
        assertThat(opened(salvaged, "k0")).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));
        assertThat(opened(salvaged, "k9")).isEqualTo("two".getBytes(StandardCharsets.US_ASCII));
        Keyspace kept = new Keyspace(16);
        kept.load(kept.database(0), "k0".getBytes(StandardCharsets.US_ASCII), first, -1);
        kept.load(kept.database(0), "k9".getBytes(StandardCharsets.US_ASCII), second, -1);
        assertThat(salvaged.database(0).bytes()).as("memory of the keys kept, nothing of the refused one")
                .isEqualTo(kept.database(0).bytes());
    }

    /**
     * A duplicate among many strings (the loader takes them in batches) is refused where it was read:
     * salvage keeps exactly the keys before it, counts only the expired keys before it, and reports the
     * body position after it, as reading one entry at a time did.
     */
    @Test
    void aDuplicateAmongManyStringsIsRefusedWhereItWasRead() throws Exception {
        byte[] first = sealed("k0", "one");
        byte[] payload = payload(sealed("k9", "two"));
        int duplicateAt = 45;
        Set<Integer> expiredAt = Set.of(10, 20, 50);
        byte[][] entries = new byte[100][];
        entries[0] = defining("k0", 1, 0, 0, EnvelopeV1.split(first), payload(first));
        for (int i = 1; i < entries.length; i++) {
            String key = i == duplicateAt ? "x7" : "x" + i;
            entries[i] = expiredAt.contains(i) ? expired(following(key, 0, 1, payload)) : following(key, 0, 1, payload);
        }
        long after = 11;
        for (int i = 0; i <= duplicateAt; i++) {
            after += entries[i].length;
        }
        byte[] file = file(entries);

        assertBadBody(file, "duplicate key in database 0");
        TreeSet<Integer> versions = new TreeSet<>(Set.of(keystore.primary().version()));
        byte[] endsAfterTheDuplicate = SnapshotBodies.file(codec, 2, versions,
                body(versions, entries.length, Arrays.copyOf(entries, duplicateAt + 5)));
        assertBadBody(endsAfterTheDuplicate, "duplicate key in database 0");
        Keyspace salvaged = new Keyspace(16);
        SnapshotReader.Result result = SnapshotReader.load(new ByteArrayInputStream(file), codec, salvaged, true);
        assertThat(result.keysLoaded()).isEqualTo(duplicateAt - 2);
        assertThat(result.keysExpired()).isEqualTo(2);
        assertThat(result.lost()).isEqualTo("snapshot damaged: duplicate key in database 0; everything after byte "
                + after + " of the body was lost");
        assertThat(salvaged.database(0).size()).isEqualTo(duplicateAt - 2);
        salvaged.lock().lock();
        try {
            assertThat(salvaged.lookupRead(salvaged.database(0), "x44".getBytes(StandardCharsets.US_ASCII))).isNotNull();
            assertThat(salvaged.lookupRead(salvaged.database(0), "x46".getBytes(StandardCharsets.US_ASCII))).isNull();
            assertThat(salvaged.lookupRead(salvaged.database(0), "x10".getBytes(StandardCharsets.US_ASCII))).isNull();
        } finally {
            salvaged.lock().unlock();
        }
    }

    /** {@code entry} (a string entry without expiry) with an expiry long past. */
    private static byte[] expired(byte[] entry) {
        byte[] with = new byte[entry.length + 1];
        with[0] = (byte) (entry[0] | SnapshotFormat.HEAD_EXPIRY);
        with[1] = 1;
        System.arraycopy(entry, 1, with, 2, entry.length - 1);
        return with;
    }

    private void assertBadBody(byte[] file, String message) {
        SnapshotException e = refusal(file);
        assertThat(e.failure()).as(e.getMessage()).isEqualTo(Failure.BAD_BODY);
        assertThat(e.getMessage()).startsWith("snapshot damaged: " + message);
    }
}
