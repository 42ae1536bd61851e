package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The tree against a sorted list: order, ranks, selection, score bounds and each member's sealed bytes
 * after random inserts, rescoring and deletes by member and by rank (which move element indexes);
 * members are stood in for by their tokens (so ties compare tokens), and each member's sealed bytes are
 * its token's high half. Counts the member comparisons: rank, find, delete and score bounds make none,
 * and inserts of distinct scores none.
 */
class ZTreeProperties {
    /** A member of the model: its token and score. */
    private record Member(long high, long low, double score) {
        Member rescored(double newScore) {
            return new Member(high, low, newScore);
        }
    }

    private static final Comparator<Member> ORDER = Comparator.comparingDouble(Member::score)
            .thenComparingLong(Member::high);

    @Property(tries = 60)
    void treeMatchesASortedList(@ForAll @IntRange(min = 1, max = 400) int operations,
                                @ForAll @IntRange(min = 1, max = 20) int distinctScores,
                                @ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        List<Member> model = new ArrayList<>();
        int[] comparisons = {0};
        Set<Long> tokens = new HashSet<>();
        for (int op = 0; op < operations; op++) {
            int kind = random.nextInt(10);
            if (kind < 6 || model.isEmpty()) {
                long token = random.nextLong();
                if (!tokens.add(token)) {
                    continue;
                }
                Member member = new Member(token, random.nextLong(), random.nextInt(distinctScores));
                tree.insert(member.score(), member.high(), member.low(), sealedOf(member.high()), other -> {
                    comparisons[0]++;
                    return Long.compare(token, tree.tokenHigh(other));
                });
                model.add(member);
            } else if (kind < 8) {
                Member member = model.remove(random.nextInt(model.size()));
                tokens.remove(member.high());
                tree.delete(tree.find(member.high(), member.low()));
                assertThat(tree.find(member.high(), member.low())).isEqualTo(-1);
            } else if (kind == 8) {
                model.sort(ORDER);
                int from = random.nextInt(model.size());
                int to = Math.min(model.size(), from + random.nextInt(4));
                tree.deleteRanks(from, to);
                List<Member> removed = model.subList(from, to);
                removed.forEach(member -> tokens.remove(member.high()));
                removed.clear();
            } else {
                int i = random.nextInt(model.size());
                Member member = model.get(i).rescored(random.nextInt(distinctScores));
                model.set(i, member);
                tree.rescore(tree.find(member.high(), member.low()), member.score(), other -> {
                    comparisons[0]++;
                    return Long.compare(member.high(), tree.tokenHigh(other));
                });
            }
        }
        model.sort(ORDER);
        int before = comparisons[0];
        assertSameOrder(tree, model, distinctScores, new Random(seed));
        assertThat(comparisons[0]).as("lookups compare no members").isEqualTo(before);
    }

    @Property(tries = 20)
    void distinctScoresNeverCompareMembers(@ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        for (int i = 0; i < size; i++) {
            tree.insert(i * 1.5 * (random.nextBoolean() ? 1 : -1) + (random.nextBoolean() ? 0.25 : 0),
                    random.nextLong(), random.nextLong(), new byte[1], other -> {
                        throw new AssertionError("compared members of distinct scores");
                    });
        }
        assertThat(tree.size()).isEqualTo(size);
    }

    /**
     * Thousands of members, so leaves and inner pages split, then most of them go again, so pages merge
     * and the tree shrinks back to one leaf: every phase ends with the same order, ranks, scores, sealed
     * members and score bounds as a sorted set.
     */
    @Property(tries = 6)
    void largeTreesSplitAndMergeLikeASortedSet(@ForAll @IntRange(min = 3000, max = 9000) int size,
                                               @ForAll boolean fewScores, @ForAll long seed) {
        Random random = new Random(seed);
        int distinctScores = fewScores ? 40 : 1_000_000;
        ZTree tree = new ZTree();
        java.util.TreeSet<Member> model = new java.util.TreeSet<>(ORDER);
        List<Member> held = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Member member = new Member(random.nextLong(), random.nextLong(), random.nextInt(distinctScores));
            tree.insert(member.score(), member.high(), member.low(), sealedOf(member.high()),
                    other -> Long.compare(member.high(), tree.tokenHigh(other)));
            model.add(member);
            held.add(member);
        }
        assertSameOrder(tree, new ArrayList<>(model), distinctScores, random);
        for (int op = 0; op < size; op++) {
            int i = random.nextInt(held.size());
            Member member = held.get(i);
            model.remove(member);
            if (random.nextInt(4) == 0) {
                tree.delete(tree.find(member.high(), member.low()));
                held.set(i, held.get(held.size() - 1));
                held.remove(held.size() - 1);
                continue;
            }
            double score = random.nextBoolean() ? member.score() + random.nextInt(3) - 1 : random.nextInt(distinctScores);
            Member rescored = member.rescored(score);
            tree.rescore(tree.find(member.high(), member.low()), score,
                    other -> Long.compare(member.high(), tree.tokenHigh(other)));
            model.add(rescored);
            held.set(i, rescored);
        }
        assertSameOrder(tree, new ArrayList<>(model), distinctScores, random);
        // pops at both ends, by rank (ZPOPMIN, ZPOPMAX, ZREMRANGEBYRANK), down to half
        while (held.size() > size / 2) {
            int count = 1 + random.nextInt(3);
            boolean min = random.nextBoolean();
            for (int k = 0; k < count; k++) {
                held.remove(min ? model.pollFirst() : model.pollLast());
            }
            tree.deleteRanks(min ? 0 : tree.size() - count, min ? count : tree.size());
            tree.checkInvariants();
        }
        assertSameOrder(tree, new ArrayList<>(model), distinctScores, random);
        java.util.Collections.shuffle(held, random);
        while (held.size() > 5) {
            Member member = held.remove(held.size() - 1);
            model.remove(member);
            tree.delete(tree.find(member.high(), member.low()));
            if (held.size() % 64 == 0) {
                tree.checkInvariants();
            }
        }
        assertSameOrder(tree, new ArrayList<>(model), distinctScores, random);
        assertThat(tree.leafPages()).isEqualTo(1);
        assertThat(tree.innerPages()).isZero();
    }

    /**
     * ZSCAN's guarantee across deletes: a member present for the whole scan is visited, although each
     * delete moves the last element index into the freed one (and so relinks its hash chain).
     */
    @Property(tries = 10)
    void aScanVisitsEveryMemberKeptWhileOthersAreDeleted(@ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        for (int i = 0; i < 5000; i++) {
            long high = random.nextLong();
            tree.insert(random.nextInt(100), high, random.nextLong(), new byte[] {1},
                    other -> Long.compare(high, tree.tokenHigh(other)));
        }
        java.util.Set<Long> kept = new java.util.HashSet<>();
        for (int element = 0; element < 2500; element++) {
            kept.add(tree.tokenLow(element));
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long cursor = 0;
        do {
            cursor = tree.scan(cursor, (element, score) -> seen.add(tree.tokenLow(element)));
            for (int k = 0; k < 3 && tree.size() > 2600; k++) {
                int element = 2500 + random.nextInt(tree.size() - 2500);
                if (!kept.contains(tree.tokenLow(element))) {
                    tree.delete(element);
                }
            }
        } while (cursor != 0);
        assertThat(seen).containsAll(kept);
        tree.checkInvariants();
    }

    /** An insert whose member comparison throws (a member that does not open) leaves the tree as it was. */
    @Property(tries = 10)
    void anInsertWhoseComparisonThrowsChangesNothing(@ForAll @IntRange(min = 1, max = 3000) int size,
                                                      @ForAll long seed) {
        Random random = new Random(seed);
        ZTree tree = new ZTree();
        for (int i = 0; i < size; i++) {
            long high = random.nextLong();
            tree.insert(random.nextInt(3), high, random.nextLong(), new byte[] {1},
                    other -> Long.compare(high, tree.tokenHigh(other)));
        }
        long high = random.nextLong();
        long low = random.nextLong();
        double tied = tree.score(random.nextInt(size));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tree.insert(tied, high, low,
                new byte[] {2}, other -> {
                    throw new IllegalStateException("cannot open");
                })).isInstanceOf(IllegalStateException.class);
        assertThat(tree.size()).isEqualTo(size);
        assertThat(tree.find(high, low)).isEqualTo(-1);
        tree.checkInvariants();
    }

    private static byte[] sealedOf(long high) {
        return java.nio.ByteBuffer.allocate(8).putLong(high).array();
    }

    private static void assertSameOrder(ZTree tree, List<Member> expected, int distinctScores, Random random) {
        tree.checkInvariants();
        assertThat(tree.size()).isEqualTo(expected.size());
        List<Member> inOrder = new ArrayList<>();
        tree.forEach((element, score) -> inOrder.add(new Member(tree.tokenHigh(element), tree.tokenLow(element), score)));
        assertThat(inOrder).containsExactlyElementsOf(expected);
        for (int i = 0; i < expected.size(); i++) {
            Member member = expected.get(i);
            int element = tree.find(member.high(), member.low());
            assertThat(tree.rank(element)).isEqualTo(i);
            assertThat(visited(tree, i, i + 1, false)).containsExactly(member);
            assertThat(tree.score(element)).isEqualTo(member.score());
            assertThat(tree.sealed(element)).isEqualTo(sealedOf(member.high()));
        }
        if (!expected.isEmpty()) {
            int from = random.nextInt(expected.size());
            int to = from + random.nextInt(expected.size() - from + 1);
            assertThat(visited(tree, from, to, false)).containsExactlyElementsOf(expected.subList(from, to));
            List<Member> backwards = new ArrayList<>(expected.subList(from, to));
            java.util.Collections.reverse(backwards);
            assertThat(visited(tree, from, to, true)).containsExactlyElementsOf(backwards);
        }
        for (int k = 0; k < 50; k++) {
            double score = random.nextInt(distinctScores + 2) - 1;
            long below = expected.stream().filter(m -> m.score() < score).count();
            long atOrBelow = expected.stream().filter(m -> m.score() <= score).count();
            assertThat(tree.countBelow((element, s) -> s < score)).isEqualTo(below);
            assertThat(tree.countBelow((element, s) -> s <= score)).isEqualTo(atOrBelow);
        }
    }

    private static List<Member> visited(ZTree tree, int from, int to, boolean reverse) {
        List<Member> visited = new ArrayList<>();
        tree.visitRanks(from, to, reverse,
                (element, score) -> visited.add(new Member(tree.tokenHigh(element), tree.tokenLow(element), score)));
        return visited;
    }
}
