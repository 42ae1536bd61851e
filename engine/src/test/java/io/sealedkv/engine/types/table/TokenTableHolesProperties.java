package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A table that frees (the sorted set's way) against a map of index to element: freeing leaves a hole that
 * the next add fills before the table grows, no element ever moves but by {@link TokenTable#compact}, and
 * compacting renumbers the elements in order and closes every hole.
 */
class TokenTableHolesProperties {
    /** An element of the model: its token and sealed bytes. */
    private record Element(long high, long low, byte[] sealed) {
    }

    @Property(tries = 40)
    void freedIndexesAreHolesThatAddsFillAndCompactionCloses(@ForAll @IntRange(min = 1, max = 2000) int steps,
                                                              @ForAll boolean packed, @ForAll long seed) {
        Random random = new Random(seed);
        TokenTable table = packed ? TokenTable.packed(0, 4) : TokenTable.ofArrays(0, 4);
        TreeMap<Integer, Element> model = new TreeMap<>();
        List<Element> freed = new ArrayList<>();
        int end = 0;
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(20);
            if (model.isEmpty() || op < 11) {
                byte[] sealed = new byte[random.nextInt(8) == 0 ? 600 + random.nextInt(100) : 30 + random.nextInt(30)];
                random.nextBytes(sealed);
                Element element = new Element(random.nextLong(), random.nextInt(50), sealed);
                boolean holes = model.size() < end;
                int index = table.add(element.high(), element.low(), sealed.clone());
                assertThat(model).doesNotContainKey(index);
                assertThat(index).isLessThan(holes ? end : end + 1);
                end = Math.max(end, index + 1);
                model.put(index, element);
            } else if (op < 19) {
                int index = randomKey(model, random);
                freed.add(model.remove(index));
                table.free(index);
            } else {
                int[] renumbered = table.compact();
                assertThat(renumbered).hasSize(end);
                TreeMap<Integer, Element> moved = new TreeMap<>();
                int next = 0;
                for (int index = 0; index < end; index++) {
                    if (model.containsKey(index)) {
                        assertThat(renumbered[index]).isEqualTo(next);
                        moved.put(next++, model.get(index));
                    } else {
                        assertThat(renumbered[index]).isEqualTo(-1);
                    }
                }
                model = moved;
                end = model.size();
            }
            assertThat(table.end()).isEqualTo(end);
            if (step % 37 == 0 || step == steps - 1) {
                assertSame(table, model, freed);
            }
        }
    }

    private static int randomKey(TreeMap<Integer, Element> model, Random random) {
        Integer key = model.ceilingKey(random.nextInt(model.lastKey() + 1));
        return key == null ? model.lastKey() : key;
    }

    private static void assertSame(TokenTable table, TreeMap<Integer, Element> model, List<Element> freed) {
        assertThat(table.size()).isEqualTo(model.size());
        for (int index = 0; index < table.end(); index++) {
            Element element = model.get(index);
            assertThat(table.holds(index)).as("index %d", index).isEqualTo(element != null);
            if (element != null) {
                assertThat(table.find(element.high(), element.low())).isEqualTo(index);
                assertThat(table.high(index)).isEqualTo(element.high());
                assertThat(table.sealedAt(index)).isEqualTo(element.sealed());
            }
        }
        for (Element element : freed) {
            assertThat(table.find(element.high(), element.low())).isEqualTo(-1);
        }
        List<byte[]> visited = new ArrayList<>();
        table.forEachSealed(visited::add);
        assertThat(visited).containsExactlyElementsOf(model.values().stream().map(Element::sealed).toList());
        List<Long> scanned = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = table.scanIndexes(cursor, index -> scanned.add(table.high(index)));
        } while (cursor != 0);
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(model.values().stream().map(Element::high).toList());
    }
}
