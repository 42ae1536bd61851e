package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.StandInCollection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The node index against a map model: every live node stays at its index, and the array shrinks as nodes go. */
class HeapNodesProperties {
    @Property(tries = 200)
    void liveNodesKeepTheirIndexesAndNewOnesTakeTheLowestFree(@ForAll long seed) {
        Random random = new Random(seed);
        HeapNodes nodes = new HeapNodes();
        Map<Integer, Entry> model = new HashMap<>();
        for (int step = 0; step < 2000; step++) {
            if (model.isEmpty() || random.nextInt(100) < 55) {
                Entry node = node();
                int index = nodes.add(node);
                assertThat(model).doesNotContainKey(index);
                assertThat(index).isEqualTo(lowestUnused(model));
                model.put(index, node);
            } else {
                List<Integer> live = new ArrayList<>(model.keySet());
                int index = live.get(random.nextInt(live.size()));
                nodes.remove(index);
                model.remove(index);
            }
            model.forEach((index, node) -> assertThat(nodes.get(index)).isSameAs(node));
            int highest = model.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
            assertThat(nodes.capacity()).isGreaterThan(highest).isLessThanOrEqualTo(Math.max(8, 4 * (highest + 1)));
        }
    }

    @Test
    void removingEveryNodeGivesTheArrayBack() {
        HeapNodes nodes = new HeapNodes();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            indexes.add(nodes.add(node()));
        }
        assertThat(nodes.capacity()).isGreaterThanOrEqualTo(100_000);
        indexes.forEach(nodes::remove);
        assertThat(nodes.capacity()).isEqualTo(8);
        assertThat(nodes.add(node())).isZero();
    }

    private static int lowestUnused(Map<Integer, Entry> model) {
        int index = 0;
        while (model.containsKey(index)) {
            index++;
        }
        return index;
    }

    private static Entry node() {
        return new Entry(new HeapKey(new byte[] {1}, new StandInCollection(1)), 0);
    }
}
