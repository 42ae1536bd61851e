package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.v1.EnvelopeV1;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValueArenaProperties {
    private static byte[] value(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Random stores and frees against a map: every live cell reads back exactly what was stored. */
    @Property(tries = 60)
    void liveCellsReadBackWhatWasStored(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps,
                                        @ForAll @IntRange(min = 0, max = ValueArena.MAX_VALUE) int maxLength) {
        Random random = new Random(seed);
        ValueArena arena = new ValueArena(new FreeGate());
        Map<Integer, byte[]> model = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        long cellBytes = 0;
        for (int step = 0; step < steps; step++) {
            if (live.isEmpty() || random.nextInt(3) > 0) {
                byte[] sealed = value(random, maxLength);
                int address = arena.store(sealed);
                assertThat(address).isPositive();
                assertThat(model).doesNotContainKey(address);
                model.put(address, sealed);
                live.add(address);
                cellBytes += ValueArena.cellSize(sealed.length);
            } else {
                int address = live.remove(random.nextInt(live.size()));
                cellBytes -= ValueArena.cellSize(model.remove(address).length);
                arena.free(address);
            }
        }
        for (Map.Entry<Integer, byte[]> cell : model.entrySet()) {
            assertThat(arena.read(cell.getKey())).isEqualTo(cell.getValue());
            assertThat(arena.holds(cell.getKey(), cell.getValue())).isTrue();
        }
        assertThat(arena.cellBytes()).isEqualTo(cellBytes);
    }

    /** Versions read in place and equality checks agree with the stored arrays. */
    @Property(tries = 200)
    void versionsAndEqualityAreReadInPlace(@ForAll long seed) {
        Random random = new Random(seed);
        ValueArena arena = new ValueArena(new FreeGate());
        byte[] sealed = value(random, 80);
        if (sealed.length >= 2 && random.nextBoolean()) {
            sealed[0] = EnvelopeV1.FORMAT_VERSION;
            sealed[1] = 0;
        }
        int address = arena.store(sealed);
        assertThat(outcome(() -> arena.keyVersion(address))).isEqualTo(outcome(() -> EnvelopeV1.keyVersion(sealed)));
        assertThat(arena.holds(address, sealed.clone())).isTrue();
        if (sealed.length > 0) {
            byte[] other = sealed.clone();
            other[random.nextInt(other.length)] ^= 1;
            assertThat(arena.holds(address, other)).isFalse();
        }
        assertThat(arena.holds(address, java.util.Arrays.copyOf(sealed, sealed.length + 1))).isFalse();
    }

    private static Object outcome(java.util.function.IntSupplier read) {
        try {
            return read.getAsInt();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Peeking is racy by design: any int at all reads a byte or 0 and never throws. */
    @Property(tries = 200)
    void peekingAnyAddressNeverFails(@ForAll int address) {
        ValueArena arena = new ValueArena(new FreeGate());
        arena.store(new byte[] {42});
        arena.peek(address);
    }

    /** A value given as some bytes of a longer buffer is stored as those bytes alone. */
    @Property(tries = 100)
    void aSliceOfABufferIsStoredAsTheValue(@ForAll long seed) {
        Random random = new Random(seed);
        ValueArena arena = new ValueArena(new FreeGate());
        byte[] buffer = value(random, ValueArena.MAX_VALUE + 100);
        int start = random.nextInt(buffer.length + 1);
        int length = random.nextInt(buffer.length - start + 1);
        byte[] sealed = java.util.Arrays.copyOfRange(buffer, start, start + length);
        int address = arena.store(buffer, start, length);
        if (length > ValueArena.MAX_VALUE) {
            assertThat(address).isZero();
            assertThat(arena.cellBytes()).isZero();
            return;
        }
        assertThat(arena.read(address)).isEqualTo(sealed);
        assertThat(arena.cellBytes()).isEqualTo(ValueArena.cellSize(length));
    }

    @Test
    void aLengthBeyondTheBufferTakesNoCell() {
        ValueArena arena = new ValueArena(new FreeGate());
        assertThatThrownBy(() -> arena.store(new byte[4], 1, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(arena.cellBytes()).isZero();
        assertThat(arena.pageCount()).isZero();
    }

    @Test
    void aValueTooLongStaysOutside() {
        ValueArena arena = new ValueArena(new FreeGate());
        assertThat(arena.store(new byte[ValueArena.MAX_VALUE + 1])).isZero();
        assertThat(arena.store(new byte[ValueArena.MAX_VALUE])).isPositive();
    }

    @Test
    void aFreedCellIsZeroedAndReusedForTheSameSizeClass() {
        ValueArena arena = new ValueArena(new FreeGate());
        int first = arena.store(new byte[] {1, 2, 3});
        arena.free(first);
        assertThat(arena.peek(first)).isZero();
        assertThat(arena.store(new byte[100])).isNotEqualTo(first);
        int again = arena.store(new byte[] {4, 5, 6, 7});
        assertThat(again).isEqualTo(first);
        assertThat(arena.read(again)).containsExactly(4, 5, 6, 7);
    }

    /** What a background snapshot relies on: a cell freed while the gate is closed keeps its bytes. */
    @Test
    void whileTheGateIsClosedAFreedCellKeepsItsBytesAndIsNotReused() {
        FreeGate gate = new FreeGate();
        ValueArena arena = new ValueArena(gate);
        byte[] captured = {9, 8, 7};
        int address = arena.store(captured);
        gate.close();
        arena.free(address);
        int other = arena.store(new byte[] {1, 1, 1});
        assertThat(other).isNotEqualTo(address);
        assertThat(arena.read(address)).isEqualTo(captured);
        gate.open();
        assertThat(arena.peek(address)).isZero();
        assertThat(arena.store(new byte[] {2, 2, 2})).isEqualTo(address);
    }

    @Test
    void aPageIsFilledBeforeTheNextIsAllocated() {
        ValueArena arena = new ValueArena(new FreeGate());
        int perPage = ValueArena.PAGE_SIZE / ValueArena.cellSize(134);
        for (int i = 0; i < perPage; i++) {
            arena.store(new byte[134]);
        }
        assertThat(arena.pageBytes()).isEqualTo(ValueArena.PAGE_SIZE);
        arena.store(new byte[134]);
        assertThat(arena.pageBytes()).isEqualTo(2L * ValueArena.PAGE_SIZE);
    }
}
