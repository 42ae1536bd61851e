package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValueArenaProperties {
    private static final byte[] KEY = {'k'};

    private static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A cell's name and value, as the model keeps them. */
    private record Cell(byte[] key, byte[] value) {
    }

    /**
     * Random stores, value replacements and frees against a map: every live cell reads back exactly the
     * name and value last given to it.
     */
    @Property(tries = 60)
    void liveCellsReadBackWhatWasStored(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps,
                                        @ForAll @IntRange(min = 0, max = ValueArena.MAX_VALUE) int maxLength,
                                        @ForAll boolean snapshotting) {
        Random random = new Random(seed);
        FreeGate gate = new FreeGate();
        if (snapshotting) {
            gate.close();
        }
        ValueArena arena = new ValueArena(gate);
        Map<Integer, Cell> model = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        long cellBytes = 0;
        for (int step = 0; step < steps; step++) {
            int choice = live.isEmpty() ? 0 : random.nextInt(4);
            if (choice <= 1) {
                Cell cell = new Cell(bytes(random, 200), bytes(random, maxLength));
                int address = arena.store(cell.key(), cell.value());
                assertThat(address).isPositive();
                assertThat(model).doesNotContainKey(address);
                model.put(address, cell);
                live.add(address);
                cellBytes += ValueArena.cellSize(cell.key().length, cell.value().length);
            } else if (choice == 2) {
                int at = random.nextInt(live.size());
                Cell old = model.remove(live.get(at));
                Cell cell = new Cell(old.key(), bytes(random, maxLength));
                int address = arena.replace(live.get(at), cell.value());
                assertThat(address).isPositive();
                assertThat(model).doesNotContainKey(address);
                model.put(address, cell);
                live.set(at, address);
                cellBytes += ValueArena.cellSize(cell.key().length, cell.value().length)
                        - ValueArena.cellSize(old.key().length, old.value().length);
            } else {
                int address = live.remove(random.nextInt(live.size()));
                Cell old = model.remove(address);
                cellBytes -= ValueArena.cellSize(old.key().length, old.value().length);
                arena.free(address);
            }
        }
        for (Map.Entry<Integer, Cell> cell : model.entrySet()) {
            int address = cell.getKey();
            assertThat(arena.read(address)).isEqualTo(cell.getValue().value());
            assertThat(arena.key(address)).isEqualTo(cell.getValue().key());
            assertThat(arena.holds(address, cell.getValue().value())).isTrue();
            assertThat(arena.hasKey(address, cell.getValue().key())).isTrue();
            assertThat(arena.peekHasKey(address, cell.getValue().key())).isTrue();
            assertThat(arena.keyHash(address)).isEqualTo(KeyHash.of(cell.getValue().key()));
        }
        assertThat(arena.cellBytes()).isEqualTo(cellBytes);
    }

    /** Versions read in place and equality checks agree with the stored arrays. */
    @Property(tries = 200)
    void versionsAndEqualityAreReadInPlace(@ForAll long seed) {
        Random random = new Random(seed);
        ValueArena arena = new ValueArena(new FreeGate());
        byte[] key = bytes(random, 20);
        byte[] sealed = bytes(random, 80);
        if (sealed.length >= 2 && random.nextBoolean()) {
            sealed[0] = EnvelopeV1.FORMAT_VERSION;
            sealed[1] = 0;
        }
        int address = arena.store(key, sealed);
        assertThat(outcome(() -> arena.keyVersion(address))).isEqualTo(outcome(() -> EnvelopeV1.keyVersion(sealed)));
        assertThat(arena.holds(address, sealed.clone())).isTrue();
        if (sealed.length > 0) {
            byte[] other = sealed.clone();
            other[random.nextInt(other.length)] ^= 1;
            assertThat(arena.holds(address, other)).isFalse();
        }
        assertThat(arena.holds(address, Arrays.copyOf(sealed, sealed.length + 1))).isFalse();
        if (key.length > 0) {
            byte[] other = key.clone();
            other[random.nextInt(other.length)] ^= 1;
            assertThat(arena.hasKey(address, other)).isFalse();
            assertThat(arena.peekHasKey(address, other)).isFalse();
        }
        assertThat(arena.hasKey(address, Arrays.copyOf(key, key.length + 1))).isFalse();
    }

    private static Object outcome(java.util.function.IntSupplier read) {
        try {
            return read.getAsInt();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Peeking is racy by design: any int at all reads a byte or 0, compares or not, and never throws. */
    @Property(tries = 200)
    void peekingAnyAddressNeverFails(@ForAll int address) {
        ValueArena arena = new ValueArena(new FreeGate());
        arena.store(KEY, new byte[] {42});
        arena.peek(address);
        arena.peekHasKey(address, KEY);
    }

    /** A value given as some bytes of a longer buffer is stored as those bytes alone. */
    @Property(tries = 100)
    void aSliceOfABufferIsStoredAsTheValue(@ForAll long seed) {
        Random random = new Random(seed);
        ValueArena arena = new ValueArena(new FreeGate());
        byte[] buffer = bytes(random, ValueArena.MAX_VALUE + 100);
        int start = random.nextInt(buffer.length + 1);
        int length = random.nextInt(buffer.length - start + 1);
        byte[] sealed = Arrays.copyOfRange(buffer, start, start + length);
        int address = arena.store(KEY, buffer, start, length);
        if (length > ValueArena.MAX_VALUE) {
            assertThat(address).isZero();
            assertThat(arena.cellBytes()).isZero();
            return;
        }
        assertThat(arena.read(address)).isEqualTo(sealed);
        assertThat(arena.key(address)).isEqualTo(KEY);
        assertThat(arena.cellBytes()).isEqualTo(ValueArena.cellSize(KEY.length, length));
    }

    @Test
    void aLengthBeyondTheBufferTakesNoCell() {
        ValueArena arena = new ValueArena(new FreeGate());
        assertThatThrownBy(() -> arena.store(KEY, new byte[4], 1, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(arena.cellBytes()).isZero();
        assertThat(arena.pageCount()).isZero();
    }

    @Test
    void aValueOrNameTooLongStaysOutside() {
        ValueArena arena = new ValueArena(new FreeGate());
        assertThat(arena.store(KEY, new byte[ValueArena.MAX_VALUE + 1])).isZero();
        assertThat(arena.store(new byte[ValueArena.MAX_KEY + 1], new byte[1])).isZero();
        int address = arena.store(new byte[ValueArena.MAX_KEY], new byte[ValueArena.MAX_VALUE]);
        assertThat(address).isPositive();
        assertThat(arena.replace(address, new byte[ValueArena.MAX_VALUE + 1])).isZero();
        assertThat(arena.read(address)).hasSize(ValueArena.MAX_VALUE);
    }

    @Test
    void aFreedCellIsZeroedAndReusedForTheSameSizeClass() {
        ValueArena arena = new ValueArena(new FreeGate());
        int first = arena.store(KEY, new byte[] {1, 2, 3});
        arena.free(first);
        assertThat(arena.peek(first)).isZero();
        assertThat(arena.store(KEY, new byte[100])).isNotEqualTo(first);
        int again = arena.store(KEY, new byte[] {4, 5, 6});
        assertThat(again).isEqualTo(first);
        assertThat(arena.read(again)).containsExactly(4, 5, 6);
    }

    @Test
    void aValueOfTheSameSizeIsReplacedInPlaceAndAnotherSizeMovesTheNameToANewCell() {
        ValueArena arena = new ValueArena(new FreeGate());
        byte[] key = {'a', 'b'};
        int address = arena.store(key, new byte[] {1, 2, 3});
        assertThat(arena.replace(address, new byte[] {4, 5, 6, 7})).isEqualTo(address);
        assertThat(arena.read(address)).containsExactly(4, 5, 6, 7);
        int moved = arena.replace(address, new byte[50]);
        assertThat(moved).isNotEqualTo(address);
        assertThat(arena.key(moved)).isEqualTo(key);
        assertThat(arena.peek(address)).isZero();
        assertThat(arena.cellBytes()).isEqualTo(ValueArena.cellSize(2, 50));
    }

    /** What a background snapshot relies on: a cell freed or replaced while the gate is closed keeps its bytes. */
    @Test
    void whileTheGateIsClosedAFreedCellKeepsItsBytesAndIsNotReused() {
        FreeGate gate = new FreeGate();
        ValueArena arena = new ValueArena(gate);
        byte[] captured = {9, 8, 7};
        int address = arena.store(KEY, captured);
        int replaced = arena.store(new byte[] {'r'}, new byte[] {5, 5, 5});
        gate.close();
        arena.free(address);
        int other = arena.store(KEY, new byte[] {1, 1, 1});
        assertThat(other).isNotEqualTo(address);
        assertThat(arena.replace(replaced, new byte[] {6, 6, 6})).isNotEqualTo(replaced);
        assertThat(arena.read(address)).isEqualTo(captured);
        assertThat(arena.key(address)).isEqualTo(KEY);
        assertThat(arena.read(replaced)).containsExactly(5, 5, 5);
        gate.open();
        assertThat(arena.peek(address)).isZero();
        assertThat(arena.store(KEY, new byte[] {2, 2, 2})).isIn(address, replaced);
    }

    @Test
    void aPageIsFilledBeforeTheNextIsAllocated() {
        ValueArena arena = new ValueArena(new FreeGate());
        int perPage = ValueArena.PAGE_SIZE / ValueArena.cellSize(KEY.length, 134);
        for (int i = 0; i < perPage; i++) {
            arena.store(KEY, new byte[134]);
        }
        assertThat(arena.pageBytes()).isEqualTo(ValueArena.PAGE_SIZE);
        arena.store(KEY, new byte[134]);
        assertThat(arena.pageBytes()).isEqualTo(2L * ValueArena.PAGE_SIZE);
    }
}
