package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** SealedSlabs against a plain list of arrays, changed as a hash changes its pairs. */
class SealedSlabsProperties {
    /** An array of a pair's usual lengths, the length of a size class's edge, the cell limit's, or longer. */
    private static byte[] array(Random random) {
        int kind = random.nextInt(10);
        int length = kind == 0 && random.nextInt(10) == 0 ? 0
                : kind < 6 ? 40 + random.nextInt(160)
                : kind < 8 ? 6 + 8 * random.nextInt(4)
                : kind < 9 ? SealedSlabs.MAX_CELL - 2 + random.nextInt(5)
                : 3000 + random.nextInt(3000);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Property(tries = 60)
    void holdsWhatAListHolds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4000) int steps) {
        Random random = new Random(seed);
        SealedSlabs slabs = new SealedSlabs(random.nextInt(20));
        List<byte[]> model = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(10);
            if (model.isEmpty() || op < 4) {
                byte[] added = array(random);
                slabs.add(added);
                model.add(added.clone());
            } else if (op < 8) {
                int index = random.nextInt(model.size());
                byte[] replaced = array(random);
                slabs.set(index, replaced);
                model.set(index, replaced.clone());
            } else {
                int index = random.nextInt(model.size());
                slabs.removeAt(index);
                removeAt(model, index);
            }
            if (step % 97 == 0 || step == steps - 1) {
                assertSame(slabs, model);
            }
        }
    }

    /** Rewrites of changing lengths and removals reuse or compact their cells: the pages stay near the live bytes. */
    @Property(tries = 20)
    void pagesStayWithinTwiceTheLiveCellsAndAPage(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int count) {
        Random random = new Random(seed);
        SealedSlabs slabs = new SealedSlabs(4);
        List<byte[]> model = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] added = randomLength(random);
            slabs.add(added);
            model.add(added);
        }
        for (int step = 0; step < 20 * count; step++) {
            int index = random.nextInt(model.size());
            if (step % 10 == 9 && model.size() > 1) {
                slabs.removeAt(index);
                removeAt(model, index);
            } else {
                byte[] replaced = randomLength(random);
                slabs.set(index, replaced);
                model.set(index, replaced);
            }
            long live = model.stream().mapToLong(a -> SealedSlabs.cellSize(a.length)).sum();
            assertThat(slabs.pageBytes()).isLessThanOrEqualTo(2 * live + 3L * SealedSlabs.PAGE);
        }
        assertSame(slabs, model);
    }

    /**
     * A table of a few fields (a small hashtable hash) rewritten with values of changing lengths: freed cells
     * of other size classes must not let its page grow towards a full page while its live cells stay small.
     */
    @Property(tries = 20)
    void smallTablesStayNearTheirLiveCells(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int count) {
        Random random = new Random(seed);
        SealedSlabs slabs = new SealedSlabs(4);
        List<byte[]> model = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] added = new byte[40 + random.nextInt(400)];
            slabs.add(added);
            model.add(added);
        }
        for (int step = 0; step < 5000; step++) {
            int index = random.nextInt(model.size());
            byte[] replaced = new byte[40 + random.nextInt(400)];
            random.nextBytes(replaced);
            slabs.set(index, replaced);
            model.set(index, replaced);
            long live = model.stream().mapToLong(a -> SealedSlabs.cellSize(a.length)).sum();
            assertThat(slabs.pageBytes()).as("step %d", step).isLessThanOrEqualTo(4 * live + 2048);
        }
        assertSame(slabs, model);
    }

    @Property(tries = 20)
    void returnedArraysDoNotChangeWhenTheCellsDo(@ForAll long seed) {
        Random random = new Random(seed);
        SealedSlabs slabs = new SealedSlabs(4);
        for (int i = 0; i < 100; i++) {
            slabs.add(array(random));
        }
        byte[] held = slabs.get(40);
        byte[] copy = held.clone();
        List<byte[]> visited = new ArrayList<>();
        slabs.forEach(visited::add);
        List<byte[]> visitedCopies = visited.stream().map(byte[]::clone).toList();
        for (int i = 0; i < 300; i++) {
            slabs.set(random.nextInt(100), array(random));
        }
        slabs.removeAt(40);
        assertThat(held).isEqualTo(copy);
        for (int i = 0; i < visited.size(); i++) {
            assertThat(visited.get(i)).isEqualTo(visitedCopies.get(i));
        }
    }

    @Property(tries = 20)
    void theCallersArrayIsNeverKeptInACell(@ForAll long seed) {
        Random random = new Random(seed);
        SealedSlabs slabs = new SealedSlabs(4);
        byte[] added = new byte[40 + random.nextInt(100)];
        random.nextBytes(added);
        byte[] expected = added.clone();
        slabs.add(added);
        byte[] rewritten = expected.clone();
        slabs.set(0, rewritten);

        Arrays.fill(added, (byte) 7);
        Arrays.fill(rewritten, (byte) 9);

        assertThat(slabs.get(0)).isEqualTo(expected);
    }

    @Property(tries = 20)
    void emptiedStoresGiveBackTheirCells(@ForAll @IntRange(min = 1, max = 2000) int count) {
        Random random = new Random(count);
        SealedSlabs slabs = new SealedSlabs(4);
        for (int i = 0; i < count; i++) {
            slabs.add(array(random));
        }
        while (slabs.size() > 0) {
            slabs.removeAt(random.nextInt(slabs.size()));
        }
        assertThat(slabs.pageBytes()).isLessThanOrEqualTo(SealedSlabs.PAGE + 16);
        slabs.add(new byte[] {1, 2, 3});
        assertThat(slabs.get(0)).containsExactly(1, 2, 3);
    }

    @Property(tries = 10)
    void arraysKeptApartLeaveNoTableBehindOnceRemoved(@ForAll @IntRange(min = 600, max = 2000) int count) {
        SealedSlabs slabs = new SealedSlabs(4);
        for (int i = 0; i < count; i++) {
            slabs.add(new byte[SealedSlabs.MAX_CELL + 1 + i % 100]);
        }
        while (slabs.size() > 0) {
            slabs.removeAt(slabs.size() / 2);
        }
        assertThat(slabs.heapBytes()).isLessThan(2048);
    }

    /** What {@link SealedSlabs#removeAt} does to the indexes: the last element takes the removed one's. */
    private static void removeAt(List<byte[]> model, int index) {
        byte[] last = model.remove(model.size() - 1);
        if (index < model.size()) {
            model.set(index, last);
        }
    }

    private static byte[] randomLength(Random random) {
        byte[] bytes = new byte[40 + random.nextInt(161)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void assertSame(SealedSlabs slabs, List<byte[]> model) {
        assertThat(slabs.size()).isEqualTo(model.size());
        for (int i = 0; i < model.size(); i++) {
            assertThat(Arrays.equals(slabs.get(i), model.get(i))).as("index %d", i).isTrue();
            assertThat(slabs.touch(i)).isEqualTo(model.get(i).length);
        }
        List<byte[]> visited = new ArrayList<>();
        slabs.forEach(visited::add);
        assertThat(visited).hasSize(model.size());
        for (int i = 0; i < model.size(); i++) {
            assertThat(Arrays.equals(visited.get(i), model.get(i))).isTrue();
        }
    }
}
