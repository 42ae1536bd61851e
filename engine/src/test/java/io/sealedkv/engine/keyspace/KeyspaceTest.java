package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyspace without a server or a cron: lazy expiry alone, and the write path's bookkeeping. */
class KeyspaceTest {
    private final Keyspace keyspace = new Keyspace(2);
    private final Database db = keyspace.database(0);
    private final List<String> propagated = new ArrayList<>();
    private final byte[] key = "k".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void lock() {
        keyspace.writes().addPropagationListener((index, argv) ->
                propagated.add(index + " " + new String(argv[0], StandardCharsets.UTF_8) + " "
                        + new String(argv[1], StandardCharsets.UTF_8)));
        keyspace.lock().lock();
    }

    @AfterEach
    void unlock() {
        keyspace.lock().unlock();
    }

    @Test
    void anExpiredKeyIsDeletedWhenLookedUp() {
        Entry entry = keyspace.writes().set(db, key, new byte[] {1}, false);
        keyspace.writes().setExpiry(db, entry, keyspace.now() - 1);
        long dirty = keyspace.writes().dirty();
        assertThat(db.size()).isEqualTo(1);
        assertThat(keyspace.lookupRead(db, key)).isNull();
        assertThat(db.size()).isZero();
        assertThat(db.expiringCount()).isZero();
        assertThat(keyspace.stats().expiredKeys()).isEqualTo(1);
        assertThat(keyspace.stats().misses()).isEqualTo(1);
        assertThat(propagated).containsExactly("0 DEL k");
        assertThat(keyspace.writes().dirty()).isEqualTo(dirty);
    }

    @Test
    void aKeyWithATimeToGoIsKept() {
        Entry entry = keyspace.writes().set(db, key, new byte[] {1}, false);
        keyspace.writes().setExpiry(db, entry, keyspace.now() + 60_000);
        assertThat(keyspace.lookupRead(db, key)).isSameAs(entry);
        assertThat(keyspace.stats().hits()).isEqualTo(1);
        assertThat(propagated).isEmpty();
    }

    @Test
    void storedKeysAreCopiesOfTheCallersArrays() {
        byte[] mine = "mine".getBytes(StandardCharsets.UTF_8);
        keyspace.writes().set(db, mine, new byte[] {1}, false);
        mine[0] = 0;
        assertThat(keyspace.lookupRead(db, "mine".getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void swappingMovesIdentities() {
        Database other = keyspace.database(1);
        keyspace.writes().set(db, key, new byte[] {1}, false);
        keyspace.writes().swap(db, other);
        assertThat(db.id()).isEqualTo(1);
        assertThat(other.id()).isZero();
        assertThat(keyspace.lookupRead(other, key)).isNotNull();
        assertThat(db.size()).isZero();
    }
}
