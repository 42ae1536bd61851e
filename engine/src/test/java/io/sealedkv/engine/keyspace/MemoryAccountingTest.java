package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.StandInCollection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The memory count (used_memory, what maxmemory limits) stays equal to the sum of the entries' costs. */
class MemoryAccountingTest {
    private final Keyspace keyspace = new Keyspace(2);
    private final Database db = keyspace.database(0);
    private final byte[] key = "key".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void lock() {
        keyspace.lock().lock();
    }

    @AfterEach
    void unlock() {
        keyspace.lock().unlock();
    }

    @Test
    void stringsAreCountedWhenSetReplacedAndDeleted() {
        keyspace.writes().set(db, key, new byte[100], false);
        assertThat(keyspace.usedMemory()).isEqualTo(MemoryCost.PER_KEY + 120);
        keyspace.writes().set(db, key, new byte[10], false);
        assertThat(keyspace.usedMemory()).isEqualTo(MemoryCost.PER_KEY + 32);
        keyspace.writes().delete(db, key);
        assertThat(keyspace.usedMemory()).isZero();
    }

    @Test
    void aStringTooLongForTheArenaIsCountedAsItsArray() {
        keyspace.writes().set(db, key, new byte[ValueArena.MAX_VALUE + 1], false);
        assertThat(keyspace.usedMemory())
                .isEqualTo(MemoryCost.PER_KEY + MemoryCost.HEAP_KEY + 8 + 16 + ValueArena.MAX_VALUE + 8);
        keyspace.writes().set(db, key, new byte[ValueArena.MAX_VALUE], false);
        assertThat(keyspace.usedMemory()).isEqualTo(MemoryCost.PER_KEY + ValueArena.MAX_VALUE + 24);
        keyspace.writes().delete(db, key);
        assertThat(keyspace.usedMemory()).isZero();
    }

    @Test
    void aCollectionGrownInPlaceIsCountedWhenSettled() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        long before = keyspace.usedMemory();
        keyspace.writes().modifying(db, entry);
        collection.bytes(5000);
        keyspace.writes().settle();
        assertThat(keyspace.usedMemory()).isEqualTo(before + 4000);
    }

    @Test
    void whileARunHoldsSettlingItsCommandsChangesAreCountedOnceAtItsEnd() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        long before = keyspace.usedMemory();
        keyspace.writes().holdSettling();
        keyspace.writes().modifying(db, entry);
        collection.bytes(2000);
        keyspace.writes().settle();
        assertThat(keyspace.usedMemory()).as("after the first command's release").isEqualTo(before);
        keyspace.writes().modifying(db, entry);
        collection.bytes(5000);
        keyspace.writes().settle();
        keyspace.writes().releaseSettling();
        assertThat(keyspace.usedMemory()).isEqualTo(before + 4000);
        keyspace.writes().modifying(db, entry);
        collection.bytes(6000);
        keyspace.writes().settle();
        assertThat(keyspace.usedMemory()).as("settled per command again").isEqualTo(before + 5000);
    }

    @Test
    void aCollectionChangedThenDeletedInARunLeavesNothingCounted() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        keyspace.writes().holdSettling();
        keyspace.writes().modifying(db, entry);
        collection.bytes(3000);
        keyspace.writes().remove(db, entry);
        keyspace.writes().releaseSettling();
        assertThat(keyspace.usedMemory()).isZero();
    }

    @Test
    void aCollectionChangedThenDeletedLeavesNothingCounted() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        keyspace.writes().modifying(db, entry);
        collection.bytes(10);
        keyspace.writes().remove(db, entry);
        keyspace.writes().settle();
        assertThat(keyspace.usedMemory()).isZero();
    }

    @Test
    void flushAndSwapMoveTheCountWithTheData() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        keyspace.writes().modifying(db, entry);
        collection.bytes(3000);
        keyspace.writes().swap(db, keyspace.database(1));
        assertThat(db.bytes()).isZero();
        assertThat(keyspace.database(1).bytes()).isEqualTo(MemoryCost.PER_KEY + MemoryCost.HEAP_KEY + 8 + 3000);
        keyspace.writes().flush(keyspace.database(1));
        keyspace.writes().settle();
        assertThat(keyspace.usedMemory()).isZero();
    }

    @Test
    void aSwapInsideARunsHoldCountsTheRunsChangesFirst() {
        StandInCollection collection = new StandInCollection(1000);
        Entry entry = keyspace.writes().set(db, key, collection, false);
        keyspace.writes().holdSettling();
        keyspace.writes().modifying(db, entry);
        collection.bytes(3000);
        keyspace.writes().swap(db, keyspace.database(1));
        keyspace.writes().releaseSettling();
        assertThat(keyspace.database(1).bytes()).isEqualTo(MemoryCost.PER_KEY + MemoryCost.HEAP_KEY + 8 + 3000);
        assertThat(db.bytes()).isZero();
    }
}
