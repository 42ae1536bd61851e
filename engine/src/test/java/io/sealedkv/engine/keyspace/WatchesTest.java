package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Watches.WatchSet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WATCH as Redis 7.0 judges a change (the cases differential runs against redis-server found): a key
 * already expired when watched is no change when its deletion comes; FLUSHDB and SWAPDB touch only the
 * watched keys that existed in the database before, or in the one swapped in.
 */
class WatchesTest {
    private final Keyspace keyspace = new Keyspace(2);
    private final Watches watches = keyspace.watches();
    private final Database db0 = keyspace.database(0);
    private final Database db1 = keyspace.database(1);

    @BeforeEach
    void lock() {
        keyspace.lock().lock();
    }

    @AfterEach
    void unlock() {
        keyspace.lock().unlock();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void put(Database db, String key, long expireAt) {
        Entry entry = keyspace.writes().set(db, bytes(key), new byte[] {1}, false);
        if (expireAt > 0) {
            keyspace.writes().setExpiry(db, entry, expireAt);
        }
    }

    private WatchSet watching(Database db, String key) {
        WatchSet set = new WatchSet();
        watches.watch(set, db.index(), bytes(key));
        return set;
    }

    @Test
    void aKeyExpiredWhenWatchedIsNoChangeWhenItsExpiryDeletesIt() {
        put(db0, "e", keyspace.now() - 1);
        WatchSet set = watching(db0, "e");
        assertThat(keyspace.lookupRead(db0, bytes("e"))).isNull();
        assertThat(watches.invalidated(set)).isFalse();
        put(db0, "e", 0);
        assertThat(watches.invalidated(set)).as("written after its deletion").isTrue();
    }

    @Test
    void aKeyExpiredWhenWatchedIsChangedWhenWrittenBeforeItsDeletion() {
        put(db0, "e", keyspace.now() - 1);
        WatchSet set = watching(db0, "e");
        keyspace.writes().set(db0, bytes("e"), new byte[] {2}, false);
        assertThat(watches.invalidated(set)).isTrue();
    }

    @Test
    void aKeyAliveWhenWatchedIsChangedByItsExpiry() {
        put(db0, "l", keyspace.now() + 60_000);
        WatchSet set = watching(db0, "l");
        keyspace.writes().setExpiry(db0, keyspace.lookupWrite(db0, bytes("l")), keyspace.now() - 1);
        assertThat(watches.invalidated(set)).isTrue();
    }

    @Test
    void flushTouchesOnlyTheWatchedKeysThatExisted() {
        put(db0, "a", 0);
        put(db0, "e", keyspace.now() - 1);
        WatchSet existing = watching(db0, "a");
        WatchSet absent = watching(db0, "b");
        WatchSet expired = watching(db0, "e");
        WatchSet otherDb = watching(db1, "a");
        keyspace.writes().flush(db0);
        assertThat(watches.invalidated(existing)).isTrue();
        assertThat(watches.invalidated(absent)).isFalse();
        assertThat(watches.invalidated(expired)).as("an expired key flushed").isFalse();
        assertThat(watches.invalidated(otherDb)).isFalse();
    }

    @Test
    void swapTouchesTheWatchedKeysThatExistedOnEitherSide() {
        put(db1, "in", 0);
        put(db0, "out", 0);
        put(db1, "dead", keyspace.now() - 1);
        put(db0, "both", keyspace.now() - 1);
        put(db1, "both", keyspace.now() - 1);
        WatchSet comingIn = watching(db0, "in");
        WatchSet goingOut = watching(db0, "out");
        WatchSet neither = watching(db0, "none");
        WatchSet expiredComingIn = watching(db0, "dead");
        WatchSet otherSide = watching(db1, "out");
        WatchSet expiredOnBothSides = watching(db0, "both");
        keyspace.writes().swap(db0, db1);
        assertThat(watches.invalidated(comingIn)).isTrue();
        assertThat(watches.invalidated(goingOut)).isTrue();
        assertThat(watches.invalidated(neither)).isFalse();
        assertThat(watches.invalidated(expiredComingIn)).as("replaced by a key already expired").isFalse();
        assertThat(watches.invalidated(otherSide)).isTrue();
        assertThat(watches.invalidated(expiredOnBothSides)).as("expired before, expired after").isFalse();
    }

    @Test
    void unwatchingOneClientKeepsTheOtherWatchingTheSameKey() {
        WatchSet first = watching(db0, "k");
        WatchSet second = watching(db0, "k");
        watches.unwatchAll(first);
        put(db0, "k", 0);
        assertThat(watches.invalidated(first)).isFalse();
        assertThat(watches.invalidated(second)).isTrue();
        assertThat(watches.watchedKeys()).isEqualTo(1);
    }
}
