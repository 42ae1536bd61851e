package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.StandInCollection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Expiry slots are kept by ref: a snapshot load giving its keys their expiry times, and the removal of one
 * expiry moving another key into the freed slot, make no view of a cell (review-26 L1: a load of keys with
 * an expiry made a view per key, kept until the first unlock).
 */
class KeyTableExpiryByRefTest {
    private static final int KEYS = 50;

    @Test
    void expiriesGivenAndMovedByRefMakeNoView() {
        ViewHolds holds = new ViewHolds();
        KeyTable table = new KeyTable(new FreeGate(), holds);
        int[] refs = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            refs[i] = table.add(name(i), KeyHash.of(name(i)), new byte[] {(byte) i}, 0).ref();
        }
        holds.end();

        for (int i = 0; i < KEYS; i++) {
            table.setExpiry(refs[i], 1000 + i);
        }
        assertThat(holds.isEmpty()).as("no view after giving expiries").isTrue();

        Entry first = table.get(name(0), KeyHash.of(name(0)));
        table.clearExpiry(first);
        holds.end();
        assertThat(table.expiringCount()).isEqualTo(KEYS - 1);
        for (int i = 1; i < KEYS; i++) {
            Entry entry = table.get(name(i), KeyHash.of(name(i)));
            assertThat(table.expireAt(entry)).as("key %d", i).isEqualTo(1000 + i);
        }
    }

    @Test
    void clearingAnExpiryMovesTheLastKeysSlotWithoutAViewOfIt() {
        ViewHolds holds = new ViewHolds();
        KeyTable table = new KeyTable(new FreeGate(), holds);
        Entry node = table.add(name(0), KeyHash.of(name(0)), new StandInCollection(3), 0);
        table.setExpiry(node, 1000);
        table.setExpiry(table.add(name(1), KeyHash.of(name(1)), new byte[] {1}, 0), 1001);
        holds.end();

        table.clearExpiry(node); // the last key, a cell's, moves into the freed slot
        assertThat(holds.isEmpty()).as("no view of the moved key's cell").isTrue();
        holds.end();

        Entry last = table.get(name(1), KeyHash.of(name(1)));
        assertThat(table.expireAt(last)).isEqualTo(1001);
        assertThat(table.randomExpiring()).isSameAs(last);
    }

    private static byte[] name(int i) {
        return ("key:" + i).getBytes(StandardCharsets.UTF_8);
    }
}
