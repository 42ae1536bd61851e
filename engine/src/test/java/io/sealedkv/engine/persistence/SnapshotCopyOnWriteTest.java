package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.HashValue;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A background snapshot keeps collections as they were at capture, through the write path's hook. */
class SnapshotCopyOnWriteTest {
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ValueCodec codec = new SealingValueCodec(keystore);
    private final Keyspace keyspace = new Keyspace(4);
    private final Database db = keyspace.database(0);

    @AfterEach
    void close() {
        keystore.close();
    }

    private Entry store(String key, CollectionValue list) {
        keyspace.lock().lock();
        try {
            return keyspace.writes().set(db, key.getBytes(StandardCharsets.US_ASCII), list, false);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private FakeList listOf(int... elements) {
        FakeList list = new FakeList(CollectionIdentity.fresh(1));
        for (int element : elements) {
            list.sealed.add(sealed(element));
        }
        return list;
    }

    private byte[] sealed(int element) {
        return codec.seal(SealContext.of(1, new byte[] {1}), new byte[] {(byte) element});
    }

    @Test
    void aCollectionChangedInPlaceAfterCaptureIsWrittenAsItWasAndOnlyItIsCopied() {
        FakeList changed = listOf(1, 2);
        FakeList untouched = listOf(3);
        Entry entry = store("changed", changed);
        store("untouched", untouched);
        byte[] before = CollectionReaders.payload(changed);
        Snapshot snapshot;
        keyspace.lock().lock();
        try {
            snapshot = Snapshot.capture(keyspace, codec);
            keyspace.writes().snapshotHook(snapshot);
            keyspace.writes().modifying(db, entry);
            changed.sealed.add(sealed(9));
            keyspace.writes().modifying(db, entry);
            changed.sealed.remove(0);
            assertThat(snapshot.cowBytes()).isEqualTo(before.length);
        } finally {
            keyspace.lock().unlock();
        }
        assertThat(snapshot.payload(changed)).isEqualTo(before).isNotEqualTo(CollectionReaders.payload(changed));
        assertThat(snapshot.payload(untouched)).isEqualTo(CollectionReaders.payload(untouched));
        assertThat(snapshot.cowBytes()).isZero();
    }

    /** A hashtable hash copies a pair of the same length into the stored array: the capture keeps the old one. */
    @Test
    void aHashPairRewrittenInPlaceAfterCaptureIsWrittenAsItWas() {
        FieldTable table = new FieldTable();
        byte[] token = new byte[16];
        token[0] = 1;
        table.put(token, sealed(1));
        HashValue hash = HashValue.hashtable(CollectionIdentity.fresh(1), table);
        Entry entry = store("h", hash);
        byte[] before = CollectionReaders.payload(hash);
        Snapshot snapshot;
        keyspace.lock().lock();
        try {
            snapshot = Snapshot.capture(keyspace, codec);
            keyspace.writes().snapshotHook(snapshot);
            keyspace.writes().modifying(db, entry);
            table.put(token, sealed(2));
        } finally {
            keyspace.lock().unlock();
        }
        assertThat(snapshot.payload(hash)).isEqualTo(before).isNotEqualTo(CollectionReaders.payload(hash));
    }

    @Test
    void aCollectionAlreadyWrittenOrCreatedAfterCaptureIsNotCopied() {
        FakeList written = listOf(1);
        Entry writtenEntry = store("written", written);
        Snapshot snapshot;
        keyspace.lock().lock();
        try {
            snapshot = Snapshot.capture(keyspace, codec);
            keyspace.writes().snapshotHook(snapshot);
        } finally {
            keyspace.lock().unlock();
        }
        snapshot.payload(written);
        FakeList later = listOf(5);
        Entry laterEntry = store("later", later);
        keyspace.lock().lock();
        try {
            keyspace.writes().modifying(db, writtenEntry);
            keyspace.writes().modifying(db, laterEntry);
            assertThat(snapshot.cowBytes()).isZero();
        } finally {
            keyspace.lock().unlock();
        }
        assertThat(snapshot.size()).isEqualTo(1);
    }

    /**
     * Strings live in the database's arena: cells freed while the snapshot is registered (overwrites,
     * deletes, a flush) are not reused, so the captured values read back as they were; once the snapshot
     * is gone, new values take the freed cells again.
     */
    @Test
    void capturedStringsReadBackAsTheyWereWhileTheirCellsAreFreedAndTakenAgain() {
        int keys = 15_000;
        byte[][] original = new byte[keys][];
        keyspace.lock().lock();
        try {
            for (int i = 0; i < keys; i++) {
                original[i] = sealed(i);
                keyspace.writes().set(db, name(i), original[i], false);
            }
            long pages = arenaPages();
            Snapshot snapshot = Snapshot.capture(keyspace, codec);
            keyspace.writes().snapshotHook(snapshot);
            for (int i = 0; i < keys; i++) {
                if (i % 2 == 0) {
                    keyspace.writes().set(db, name(i), sealed(keys + i), false);
                } else {
                    keyspace.writes().delete(db, name(i));
                }
            }
            Set<ByteBuffer> captured = new HashSet<>();
            for (int i = 0; i < snapshot.size(); i++) {
                captured.add(ByteBuffer.wrap((byte[]) snapshot.value(i)));
            }
            Set<ByteBuffer> expected = new HashSet<>();
            for (byte[] value : original) {
                expected.add(ByteBuffer.wrap(value));
            }
            assertThat(captured.equals(expected)).as("captured values as they were").isTrue();
            assertThat(arenaPages()).as("new cells while frees wait").isGreaterThan(pages);
            keyspace.writes().snapshotHook(null);
            long settled = arenaPages();
            for (int i = 1; i < keys; i += 2) {
                keyspace.writes().set(db, name(i), sealed(i), false);
            }
            assertThat(arenaPages()).as("freed cells taken again").isEqualTo(settled);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private static byte[] name(int i) {
        return ("string:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private long arenaPages() {
        return keyspace.valueArenaBytes();
    }

    @Test
    void theCensusCountsTokenAndElementVersionsOfCollections() {
        FakeList list = new FakeList(new CollectionIdentity(Long.MIN_VALUE | 5, 3));
        list.sealed.add(sealed(1));
        store("list", list);
        keyspace.lock().lock();
        try {
            assertThat(Snapshot.capture(keyspace, codec).versions()).containsExactly(1, 3);
        } finally {
            keyspace.lock().unlock();
        }
    }
}
