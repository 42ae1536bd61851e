package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.stream.SegmentLayout;
import io.sealedkv.engine.keyspace.CollectionIdentity;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot file format without a server: written from a keyspace, damaged in every way the issue
 * names, and refused with the failure that names the damage; key versions across rotation and
 * destruction; salvage.
 */
class SnapshotFileTest {
    private static final int KEYS = 6000;
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ValueCodec codec = new SealingValueCodec(keystore);

    @AfterEach
    void close() {
        keystore.close();
    }

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(int i) {
        return ("value " + i + " " + "v".repeat(90)).getBytes(StandardCharsets.US_ASCII);
    }

    /** A keyspace of {@value #KEYS} sealed strings in database 0, every tenth with a TTL, and one in database 5. */
    private Keyspace filled() {
        Keyspace keyspace = new Keyspace(16);
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(0);
            for (int i = 0; i < KEYS; i++) {
                Entry entry = keyspace.writes().set(db, key(i), codec.seal(SealContext.of(db.id(), key(i)), value(i)), false);
                if (i % 10 == 0) {
                    keyspace.writes().setExpiry(db, entry, keyspace.now() + 3_600_000);
                }
            }
            Database five = keyspace.database(5);
            keyspace.writes().set(five, key(0), codec.seal(SealContext.of(five.id(), key(0)), value(-1)), false);
        } finally {
            keyspace.lock().unlock();
        }
        return keyspace;
    }

    private byte[] write(Keyspace keyspace) throws Exception {
        return write(keyspace, SnapshotFormat.SEGMENT_SIZE);
    }

    private byte[] write(Keyspace keyspace, int segmentSize) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keyspace.lock().lock();
        try {
            SnapshotWriter.writeTo(Snapshot.capture(keyspace, codec), codec, out, segmentSize);
        } finally {
            keyspace.lock().unlock();
        }
        return out.toByteArray();
    }

    private Keyspace load(byte[] file) throws SnapshotException {
        return load(file, codec, 16);
    }

    private static Keyspace load(byte[] file, ValueCodec codec, int databases) throws SnapshotException {
        Keyspace keyspace = new Keyspace(databases);
        SnapshotReader.load(new ByteArrayInputStream(file), codec, keyspace, false);
        return keyspace;
    }

    private static int headerLength(byte[] file) {
        int sealedKey = ByteBuffer.wrap(file, 20, 2).getShort() & 0xFFFF;
        int versions = ByteBuffer.wrap(file, 22 + sealedKey, 4).getInt();
        return 22 + sealedKey + 4 + 4 * versions + 4;
    }

    private static int segmentStart(byte[] file, int segment) {
        return headerLength(file) + SegmentLayout.NONCE_PREFIX_LENGTH
                + segment * (SnapshotFormat.SEGMENT_SIZE + SegmentLayout.TAG_LENGTH);
    }

    private static int segments(byte[] file) {
        int stream = file.length - headerLength(file) - SegmentLayout.NONCE_PREFIX_LENGTH;
        return (stream + SnapshotFormat.SEGMENT_SIZE + SegmentLayout.TAG_LENGTH - 1)
                / (SnapshotFormat.SEGMENT_SIZE + SegmentLayout.TAG_LENGTH);
    }

    private SnapshotException refusal(byte[] file) {
        try {
            load(file);
        } catch (SnapshotException e) {
            return e;
        }
        throw new AssertionError("a damaged file loaded");
    }

    @Test
    void everyKeyValueAndTtlComesBackSealedAsItWas() throws Exception {
        Keyspace original = filled();
        Keyspace loaded = load(write(original));
        Database db = loaded.database(0);
        assertThat(db.size()).isEqualTo(KEYS);
        assertThat(db.expiringCount()).isEqualTo(KEYS / 10);
        loaded.lock().lock();
        try {
            for (int i : new int[] {0, 1, 4711, KEYS - 1}) {
                Entry entry = loaded.lookupRead(db, key(i));
                assertThat(codec.open(SealContext.of(db.id(), key(i)), (byte[]) entry.value())).isEqualTo(value(i));
            }
            Database five = loaded.database(5);
            assertThat(codec.open(SealContext.of(five.id(), key(0)), (byte[]) loaded.lookupRead(five, key(0)).value()))
                    .isEqualTo(value(-1));
        } finally {
            loaded.lock().unlock();
        }
    }

    @Test
    void theFileSpansSeveralSegmentsSoSegmentDamageCanBeTold() throws Exception {
        assertThat(segments(write(filled()))).isGreaterThanOrEqualTo(3);
    }

    /** Files of servers that cut the stream otherwise (256 KiB segments in earlier versions) load as their header says. */
    @Test
    void theSegmentSizeIsReadFromTheHeaderForLoadingAndForNamingTheDamagedSegment() throws Exception {
        for (int segmentSize : new int[] {SnapshotFormat.MIN_SEGMENT_SIZE, 256 * 1024}) {
            byte[] file = write(filled(), segmentSize);
            assertThat(ByteBuffer.wrap(file, 12, 4).getInt()).isEqualTo(segmentSize);
            assertThat(load(file).database(0).size()).as("segments of %d bytes", segmentSize).isEqualTo(KEYS);
            file[headerLength(file) + SegmentLayout.NONCE_PREFIX_LENGTH
                    + 2 * (segmentSize + SegmentLayout.TAG_LENGTH) + 5] ^= 1;
            assertThat(refusal(file).getMessage()).endsWith("authentication failed at segment 2");
        }
    }

    @Test
    void aFlippedBitAnywhereIsRefusedNamingWhere() throws Exception {
        byte[] file = write(filled());
        int header = headerLength(file);
        Random random = new Random(7);
        for (int position = 0; position < header + SegmentLayout.NONCE_PREFIX_LENGTH; position++) {
            SnapshotException e = refusal(flipped(file, position, random.nextInt(8)));
            Failure expected = position < 8 ? Failure.BAD_HEADER
                    : position < 10 ? Failure.UNKNOWN_FORMAT_VERSION
                    : position < header ? Failure.BAD_HEADER : Failure.AUTHENTICATION;
            assertThat(e.failure()).as("byte %d: %s", position, e.getMessage()).isEqualTo(expected);
        }
        for (int trial = 0; trial < 60; trial++) {
            int position = header + SegmentLayout.NONCE_PREFIX_LENGTH
                    + random.nextInt(file.length - header - SegmentLayout.NONCE_PREFIX_LENGTH);
            SnapshotException e = refusal(flipped(file, position, random.nextInt(8)));
            int segment = (position - segmentStart(file, 0)) / (SnapshotFormat.SEGMENT_SIZE + SegmentLayout.TAG_LENGTH);
            assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
            assertThat(e.getMessage()).endsWith("authentication failed at segment " + segment);
        }
    }

    private static byte[] flipped(byte[] file, int position, int bit) {
        byte[] copy = file.clone();
        copy[position] ^= (byte) (1 << bit);
        return copy;
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        byte[] file = write(filled());
        assertThat(refusal(new byte[0]).failure()).isEqualTo(Failure.BAD_HEADER);
        assertThat(refusal(Arrays.copyOf(file, 30)).getMessage()).contains("file ends inside the header");
        SnapshotException atBoundary = refusal(Arrays.copyOf(file, segmentStart(file, 2)));
        assertThat(atBoundary.failure()).isEqualTo(Failure.TRUNCATED);
        assertThat(atBoundary.getMessage()).endsWith("stream truncated after segment 1");
        assertThat(refusal(Arrays.copyOf(file, headerLength(file) + 3)).getMessage())
                .endsWith("stream truncated before the first segment");
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int length = headerLength(file) + random.nextInt(file.length - headerLength(file));
            assertThat(refusal(Arrays.copyOf(file, length)).failure()).isIn(Failure.TRUNCATED, Failure.AUTHENTICATION);
        }
        assertThat(refusal(Arrays.copyOf(file, file.length - 1)).failure()).isEqualTo(Failure.AUTHENTICATION);
    }

    @Test
    void garbageAppendedIsRefused() throws Exception {
        byte[] file = write(filled());
        byte[] longer = Arrays.copyOf(file, file.length + 5);
        SnapshotException e = refusal(longer);
        // a shorter-than-full last segment followed by bytes reads as that segment failing (SegmentLayout)
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).endsWith("authentication failed at segment " + (segments(file) - 1));
    }

    @Test
    void swappedSegmentsAreRefusedAtTheFirstOneMoved() throws Exception {
        byte[] file = write(filled());
        int size = SnapshotFormat.SEGMENT_SIZE + SegmentLayout.TAG_LENGTH;
        byte[] swapped = file.clone();
        System.arraycopy(file, segmentStart(file, 0), swapped, segmentStart(file, 1), size);
        System.arraycopy(file, segmentStart(file, 1), swapped, segmentStart(file, 0), size);
        SnapshotException e = refusal(swapped);
        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).endsWith("authentication failed at segment 0");
    }

    @Test
    void aNewerFormatVersionIsRefusedByName() throws Exception {
        byte[] file = write(filled());
        file[9] = 4;
        assertThat(refusal(file).getMessage()).isEqualTo("unknown snapshot format version 4 (this server reads versions 1 to 3)");
        file[9] = 0;
        assertThat(refusal(file).failure()).isEqualTo(Failure.UNKNOWN_FORMAT_VERSION);
    }

    @Test
    void aSnapshotOfKeyVersionOneLoadsAfterRotationAndFailsClearlyOnceVersionOneIsDestroyed() throws Exception {
        byte[] file = write(filled());
        keystore.rotate();
        Keyspace loaded = load(file);
        loaded.lock().lock();
        try {
            Database db = loaded.database(0);
            assertThat(codec.open(SealContext.of(db.id(), key(3)), (byte[]) loaded.lookupRead(db, key(3)).value()))
                    .isEqualTo(value(3));
        } finally {
            loaded.lock().unlock();
        }
        keystore.destroy(1);
        SnapshotException e = refusal(file);
        assertThat(e.failure()).isEqualTo(Failure.DESTROYED_KEY_VERSION);
        assertThat(e.getMessage()).isEqualTo("the snapshot needs data key version 1, which was destroyed: "
                + "the values sealed under it cannot be read");
    }

    @Test
    void aKeyVersionTheKeystoreLacksIsNamedAndAnotherKeystoreIsNotMistakenForDamage() throws Exception {
        keystore.rotate();
        byte[] file = write(filled());
        try (Keystore other = Keystores.open("memory", Map.of())) {
            ValueCodec otherCodec = new SealingValueCodec(other);
            SnapshotException missing = assertThrowsSnapshot(() -> load(file, otherCodec, 16));
            assertThat(missing.failure()).isEqualTo(Failure.MISSING_KEY_VERSION);
            assertThat(missing.getMessage()).isEqualTo("the snapshot needs data key version 2, which the keystore does not have");
            other.rotate();
            SnapshotException wrongKeys = assertThrowsSnapshot(() -> load(file, otherCodec, 16));
            assertThat(wrongKeys.failure()).isEqualTo(Failure.STREAM_KEY);
        }
    }

    @Test
    void moreDatabasesThanConfiguredAreRefused() throws Exception {
        byte[] file = write(filled());
        SnapshotException e = assertThrowsSnapshot(() -> load(file, codec, 4));
        assertThat(e.failure()).isEqualTo(Failure.TOO_MANY_DATABASES);
        assertThat(e.getMessage()).isEqualTo("the snapshot holds database 5 but the server is configured with 4 databases");
    }

    @Test
    void salvageKeepsWhatVerifiedAndSaysWhatWasLost() throws Exception {
        byte[] file = write(filled());
        int damaged = segmentStart(file, 2) + 100;
        file[damaged] ^= 1;
        Keyspace keyspace = new Keyspace(16);
        SnapshotReader.Result result = SnapshotReader.load(new ByteArrayInputStream(file), codec, keyspace, true);
        assertThat(result.keysLoaded()).isPositive().isLessThan(KEYS);
        assertThat(keyspace.database(0).size()).isEqualTo((int) result.keysLoaded());
        assertThat(result.lost()).contains("authentication failed at segment 2").contains("was lost");
    }

    @Test
    void salvageKeepsEveryEntryReadBeforeTheDamageEvenThoseWaitingInABatch() throws Exception {
        byte[] intact = write(filled());
        // the keyspace load hands strings to the database 32 at a time: the damage must fall inside a batch
        byte[] file = null;
        List<String> readBeforeTheDamage = List.of();
        for (int segment = 2; readBeforeTheDamage.size() % 32 == 0; segment++) {
            file = intact.clone();
            file[segmentStart(file, segment) + 100] ^= 1;
            readBeforeTheDamage = keysReadBeforeTheFailure(file);
        }

        Keyspace keyspace = new Keyspace(16);
        SnapshotReader.Result result = SnapshotReader.load(new ByteArrayInputStream(file), codec, keyspace, true);

        assertThat(result.keysLoaded()).isEqualTo(readBeforeTheDamage.size());
        keyspace.lock().lock();
        try {
            for (String key : readBeforeTheDamage) {
                assertThat(keyspace.lookupWrite(keyspace.database(0), key.getBytes(StandardCharsets.US_ASCII))).as(key)
                        .isNotNull();
            }
        } finally {
            keyspace.lock().unlock();
        }
    }

    /** The keys of database 0 the tools' reading hands over before {@code file} fails. */
    private List<String> keysReadBeforeTheFailure(byte[] file) {
        List<String> keys = new ArrayList<>();
        assertThrowsSnapshot(() -> SnapshotReader.read(new ByteArrayInputStream(file), codec, 16,
                (dbIndex, dbId, key, value, expireAt) -> dbIndex != 0
                        || keys.add(new String(key, StandardCharsets.US_ASCII))));
        return keys;
    }

    @Test
    void aCollectionIsWrittenAsItsTypeAndLengthPrefixedPayload() throws Exception {
        Keyspace keyspace = new Keyspace(16);
        FakeList list = new FakeList(CollectionIdentity.fresh(1));
        list.sealed.add(codec.seal(SealContext.of(list.identity().id(), key(1)), value(1)));
        keyspace.lock().lock();
        try {
            keyspace.writes().set(keyspace.database(0), key(1), list, false);
        } finally {
            keyspace.lock().unlock();
        }
        SnapshotException e = refusal(write(keyspace));
        // no list reader exists yet: the loader finds the list type byte and hands its payload over
        assertThat(e.failure()).isEqualTo(Failure.BAD_BODY);
        assertThat(e.getMessage()).contains("a list payload does not read");
    }

    private static SnapshotException assertThrowsSnapshot(ThrowingLoad load) {
        try {
            load.run();
        } catch (SnapshotException e) {
            return e;
        }
        throw new AssertionError("loaded");
    }

    private interface ThrowingLoad {
        void run() throws SnapshotException;
    }
}
