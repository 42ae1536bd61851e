package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.StandInCollection;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Where an entry keeps its name and value, through every kind of value it can be given. */
class EntryProperties {
    /**
     * Random value changes (short strings, strings too long for a cell, collections), names of every
     * length around the cell's limit, with a snapshot's gate opening and closing: the entry always
     * answers with its own name and its last value, is in a cell exactly when both fit one, and the
     * arena counts exactly the live cell's bytes.
     */
    @Property(tries = 200)
    void anEntryAlwaysHoldsItsNameAndItsLastValue(@ForAll long seed) {
        Random random = new Random(seed);
        FreeGate gate = new FreeGate();
        KeyTable table = new KeyTable(gate, new ViewHolds());
        ValueArena arena = table.arena();
        byte[] key = bytes(random, pick(random, 0, 10, ValueArena.MAX_KEY, ValueArena.MAX_KEY + 1));
        Object value = randomValue(random);
        Entry entry = table.add(key, KeyHash.of(key), value, 0);
        for (int step = 0; step < 30; step++) {
            if (random.nextInt(4) == 0) {
                if (gate.deferring()) {
                    gate.open();
                } else {
                    gate.close();
                }
            }
            value = randomValue(random);
            table.store(entry, value);
            check(entry, arena, key, value);
            assertThat(table.get(key, KeyHash.of(key))).isSameAs(entry);
        }
        table.remove(entry);
        assertThat(entry.address()).isZero();
        assertThat(entry.key()).isEqualTo(key);
        assertThat(entry.holds(entry.value())).isTrue();
        assertThat(arena.cellBytes()).isZero();
    }

    private static void check(Entry entry, ValueArena arena, byte[] key, Object value) {
        assertThat(entry.key()).isEqualTo(key);
        assertThat(entry.hasKey(key)).isTrue();
        assertThat(entry.keyHash()).isEqualTo(KeyHash.of(key));
        boolean inCell = value instanceof byte[] sealed && ValueArena.fits(key.length, sealed.length);
        assertThat(entry.address() != 0).isEqualTo(inCell);
        assertThat(entry.stored() instanceof ValueArena).isEqualTo(inCell);
        if (value instanceof byte[] sealed) {
            assertThat(entry.value()).isEqualTo(sealed);
            assertThat(entry.type()).isEqualTo(ValueType.STRING);
            assertThat(entry.holds(entry.value())).isTrue();
        } else {
            assertThat(entry.value()).isSameAs(value);
            assertThat(entry.holds(value)).isTrue();
        }
        assertThat(arena.cellBytes()).isEqualTo(inCell ? arena.sizeOf(entry.address()) : 0);
        assertThat(MemoryCost.of(entry)).isEqualTo(inCell
                ? MemoryCost.ofCell(ValueArena.cellSize(key.length, ((byte[]) value).length))
                : MemoryCost.ofHeap(key, value));
    }

    @Test
    void theNameIsCopiedNotKept() {
        byte[] key = {'k', 'e', 'y'};
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        Entry inCell = table.add(key, KeyHash.of(key), new byte[] {1}, 0);
        byte[] other = {'k', 'e', 'y', '2'};
        Entry onHeap = table.add(other, KeyHash.of(other), new StandInCollection(10), 0);
        key[0] = 'x';
        other[0] = 'x';
        assertThat(inCell.key()).containsExactly('k', 'e', 'y');
        assertThat(onHeap.key()).containsExactly('k', 'e', 'y', '2');
    }

    private static Object randomValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new StandInCollection(random.nextInt(1000));
            case 1 -> bytes(random, ValueArena.MAX_VALUE + 1 + random.nextInt(100));
            default -> bytes(random, random.nextInt(200));
        };
    }

    private static int pick(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
