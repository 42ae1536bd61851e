package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.types.zset.ZTree.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The treap against a sorted list: order, ranks, selection and score bounds after random inserts,
 * rescoring and deletes; members are stood in for by their tokens (so ties compare tokens). Counts the
 * member comparisons: rank, find, delete and score bounds make none, and inserts of distinct scores none.
 */
class ZTreeProperties {
    private static final Comparator<Node> ORDER = Comparator.comparingDouble(Node::score)
            .thenComparingLong(Node::tokenHigh);

    @Property(tries = 60)
    void treeMatchesASortedList(@ForAll @IntRange(min = 1, max = 400) int operations,
                                @ForAll @IntRange(min = 1, max = 20) int distinctScores,
                                @ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        List<Node> model = new ArrayList<>();
        int[] comparisons = {0};
        Set<Long> tokens = new HashSet<>();
        for (int op = 0; op < operations; op++) {
            int kind = random.nextInt(10);
            if (kind < 6 || model.isEmpty()) {
                long token = random.nextLong();
                if (!tokens.add(token)) {
                    continue;
                }
                Node node = new Node(random.nextInt(distinctScores), token, random.nextLong(), new byte[1]);
                tree.insert(node, other -> {
                    comparisons[0]++;
                    return Long.compare(token, other.tokenHigh());
                });
                model.add(node);
            } else if (kind < 8) {
                Node node = model.remove(random.nextInt(model.size()));
                tokens.remove(node.tokenHigh());
                tree.delete(node);
                assertThat(tree.find(node.tokenHigh(), node.tokenLow())).isNull();
            } else {
                Node node = model.get(random.nextInt(model.size()));
                tree.rescore(node, random.nextInt(distinctScores), other -> {
                    comparisons[0]++;
                    return Long.compare(node.tokenHigh(), other.tokenHigh());
                });
            }
            model.sort(ORDER);
        }
        model.sort(ORDER);
        assertThat(tree.size()).isEqualTo(model.size());
        int before = comparisons[0];
        List<Node> inOrder = new ArrayList<>();
        tree.forEach(inOrder::add);
        assertThat(inOrder).containsExactlyElementsOf(model);
        for (int i = 0; i < model.size(); i++) {
            Node node = model.get(i);
            assertThat(tree.find(node.tokenHigh(), node.tokenLow())).isSameAs(node);
            assertThat(tree.rank(node)).isEqualTo(i);
            assertThat(tree.select(i)).isSameAs(node);
        }
        for (int s = -1; s <= distinctScores; s++) {
            double score = s;
            long below = model.stream().filter(n -> n.score() < score).count();
            long atOrBelow = model.stream().filter(n -> n.score() <= score).count();
            assertThat(tree.countBelow(n -> n.score() < score)).isEqualTo(below);
            assertThat(tree.countBelow(n -> n.score() <= score)).isEqualTo(atOrBelow);
        }
        assertThat(comparisons[0]).as("lookups compare no members").isEqualTo(before);
    }

    @Property(tries = 20)
    void distinctScoresNeverCompareMembers(@ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        for (int i = 0; i < size; i++) {
            tree.insert(new Node(i * 1.5 * (random.nextBoolean() ? 1 : -1) + (random.nextBoolean() ? 0.25 : 0),
                    random.nextLong(), random.nextLong(), new byte[1]), other -> {
                        throw new AssertionError("compared members of distinct scores");
                    });
        }
        assertThat(tree.size()).isEqualTo(size);
    }

    /**
     * Thousands of members, so leaves and inner pages split, then most of them go again, so pages merge
     * and the tree shrinks back to one leaf: every phase ends with the same order, ranks, neighbours and
     * score bounds as a sorted set.
     */
    @Property(tries = 6)
    void largeTreesSplitAndMergeLikeASortedSet(@ForAll @IntRange(min = 3000, max = 9000) int size,
                                               @ForAll boolean fewScores, @ForAll long seed) {
        Random random = new Random(seed);
        int distinctScores = fewScores ? 40 : 1_000_000;
        ZTree tree = new ZTree();
        java.util.TreeSet<Node> model = new java.util.TreeSet<>(ORDER);
        List<Node> held = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Node node = new Node(random.nextInt(distinctScores), random.nextLong(), random.nextLong(), new byte[1]);
            tree.insert(node, other -> Long.compare(node.tokenHigh(), other.tokenHigh()));
            model.add(node);
            held.add(node);
        }
        assertSameOrder(tree, model, distinctScores);
        for (int op = 0; op < size; op++) {
            Node node = held.get(random.nextInt(held.size()));
            model.remove(node);
            if (random.nextInt(4) == 0) {
                tree.delete(node);
                held.set(held.indexOf(node), held.get(held.size() - 1));
                held.remove(held.size() - 1);
                continue;
            }
            double score = random.nextBoolean() ? node.score() + random.nextInt(3) - 1 : random.nextInt(distinctScores);
            tree.rescore(node, score, other -> Long.compare(node.tokenHigh(), other.tokenHigh()));
            model.add(node);
        }
        assertSameOrder(tree, model, distinctScores);
        java.util.Collections.shuffle(held, random);
        while (held.size() > 5) {
            Node node = held.remove(held.size() - 1);
            model.remove(node);
            tree.delete(node);
        }
        assertSameOrder(tree, model, distinctScores);
        assertThat(tree.leafPages()).isEqualTo(1);
        assertThat(tree.innerPages()).isZero();
    }

    private static void assertSameOrder(ZTree tree, java.util.TreeSet<Node> model, int distinctScores) {
        List<Node> expected = new ArrayList<>(model);
        assertThat(tree.size()).isEqualTo(expected.size());
        List<Node> inOrder = new ArrayList<>();
        tree.forEach(inOrder::add);
        assertThat(inOrder).containsExactlyElementsOf(expected);
        for (int i = 0; i < expected.size(); i++) {
            Node node = expected.get(i);
            assertThat(tree.find(node.tokenHigh(), node.tokenLow())).isSameAs(node);
            assertThat(tree.rank(node)).isEqualTo(i);
            assertThat(tree.select(i)).isSameAs(node);
            assertThat(tree.successor(node)).isSameAs(i + 1 < expected.size() ? expected.get(i + 1) : null);
            assertThat(tree.predecessor(node)).isSameAs(i > 0 ? expected.get(i - 1) : null);
        }
        Random random = new Random(expected.size());
        for (int k = 0; k < 50; k++) {
            double score = random.nextInt(distinctScores);
            long below = model.stream().filter(n -> n.score() < score).count();
            long atOrBelow = model.stream().filter(n -> n.score() <= score).count();
            assertThat(tree.countBelow(n -> n.score() < score)).isEqualTo(below);
            assertThat(tree.countBelow(n -> n.score() <= score)).isEqualTo(atOrBelow);
        }
    }
}
