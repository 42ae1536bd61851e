package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** SealedPages against a plain list of arrays, with the set's and the hash's ways of changing it. */
class SealedPagesProperties {
    /** An array whose length straddles the one-byte varint, the packing limit, or neither. */
    private static byte[] array(Random random) {
        int kind = random.nextInt(10);
        int length = kind == 0 && random.nextInt(20) == 0 ? 0
                : kind < 6 ? 34 + random.nextInt(40)
                : kind < 8 ? 100 + random.nextInt(60)
                : kind < 9 ? SealedPages.MAX_PACKED - 2 + random.nextInt(5)
                : 600 + random.nextInt(3000);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Property(tries = 60)
    void holdsWhatAListHolds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        Random random = new Random(seed);
        SealedPages pages = new SealedPages();
        List<byte[]> model = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(10);
            if (model.isEmpty() || op < 5) {
                byte[] added = array(random);
                pages.add(added);
                model.add(added.clone());
            } else if (op < 7) {
                int index = random.nextInt(model.size());
                byte[] replaced = array(random);
                pages.set(index, replaced);
                model.set(index, replaced.clone());
            } else {
                int index = random.nextInt(model.size());
                pages.removeAt(index);
                byte[] last = model.remove(model.size() - 1);
                if (index < model.size()) {
                    model.set(index, last);
                }
            }
            if (step % 97 == 0 || step == steps - 1) {
                assertSame(pages, model);
            }
        }
    }

    @Property(tries = 20)
    void emptiedAndRefilledPagesAreAccountedExactlyAsFresh(@ForAll @IntRange(min = 1, max = 500) int count) {
        Random random = new Random(count);
        SealedPages fresh = new SealedPages();
        long base = fresh.heapBytes();
        SealedPages pages = new SealedPages();
        List<byte[]> arrays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] added = array(random);
            arrays.add(added);
            pages.add(added);
        }
        assertThat(pages.heapBytes()).isGreaterThan(arrays.stream().mapToLong(a -> a.length).sum());
        while (pages.size() > 0) {
            pages.removeAt(random.nextInt(pages.size()));
        }
        assertThat(pages.heapBytes()).isEqualTo(base);
    }

    @Property(tries = 20)
    void returnedArraysDoNotChangeWhenThePagesDo(@ForAll long seed) {
        Random random = new Random(seed);
        SealedPages pages = new SealedPages();
        for (int i = 0; i < 100; i++) {
            pages.add(array(random));
        }
        byte[] held = pages.get(40);
        byte[] copy = held.clone();
        for (int i = 0; i < 100; i++) {
            pages.set(32 + random.nextInt(32), array(random));
        }
        pages.removeAt(40);
        assertThat(held).isEqualTo(copy);
    }

    private static void assertSame(SealedPages pages, List<byte[]> model) {
        assertThat(pages.size()).isEqualTo(model.size());
        for (int i = 0; i < model.size(); i++) {
            assertThat(Arrays.equals(pages.get(i), model.get(i))).as("index %d", i).isTrue();
        }
        List<byte[]> visited = new ArrayList<>();
        pages.forEach(visited::add);
        assertThat(visited).hasSize(model.size());
        for (int i = 0; i < model.size(); i++) {
            assertThat(Arrays.equals(visited.get(i), model.get(i))).isTrue();
        }
    }
}
