package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * review-26 F1: capturing a snapshot of string keys kept in cells must not make (and register) a view per key.
 * The capture itself needs a key slot (null for a cell), a value slot, a cell address and an expiry per key:
 * 4 + 4 + 4 + 8 = 20 bytes with compressed references. A view per key adds a 32-byte Entry, its place in
 * the entries list (4) and at least two slots of CellViews' open-addressing map (2 x (4 + 4)): > 50 bytes.
 * Fails on ca90708 (measured ~70+ bytes per key), passes once the walk does not go through KeyTable.entry.
 */
class SnapshotCaptureAllocationTest {
    private static final int KEYS = 200_000;
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ValueCodec codec = new SealingValueCodec(keystore);
    private final Keyspace keyspace = new Keyspace(1);

    @AfterEach
    void close() {
        keystore.close();
    }

    @Test
    void captureOfStringKeysAllocatesNoViewPerKey() {
        Database db = keyspace.database(0);
        byte[] sealed = codec.seal(SealContext.of(db.id(), new byte[] {1}), new byte[] {1, 2, 3});
        keyspace.lock().lock();
        try {
            for (int i = 0; i < KEYS; i++) {
                keyspace.writes().set(db, ("key:" + i).getBytes(StandardCharsets.US_ASCII), sealed.clone(), false);
            }
        } finally {
            keyspace.lock().unlock();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perKey;
        keyspace.lock().lock();
        try {
            Snapshot.capture(keyspace, codec); // warm: class loading, first-call allocations
        } finally {
            keyspace.lock().unlock(); // a new hold: views of the warm-up's hold are gone
        }
        keyspace.lock().lock();
        try {
            long before = threads.getCurrentThreadAllocatedBytes();
            Snapshot snapshot = Snapshot.capture(keyspace, codec);
            perKey = (threads.getCurrentThreadAllocatedBytes() - before) / KEYS;
            assertThat(snapshot.size()).isEqualTo(KEYS);
        } finally {
            keyspace.lock().unlock();
        }
        assertThat(perKey).isLessThan(40);
    }
}
