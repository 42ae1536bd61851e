package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.types.zset.TreeView;
import io.sealedkv.engine.types.zset.ZItem;
import io.sealedkv.engine.types.zset.ZTree;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A ZADD run's orders known ahead ({@link Pretokened#noteTies}, {@link Pretokened#orderTies}): with them, placing
 * members among a few of equal score opens nothing, and the set's order is the model's (members compared as
 * unsigned bytes); a member of that score added after the look, or a score with more ties than are looked at, is
 * opened when met, as without them.
 */
class PretokenedTiesTest {
    /** "Seals" by flipping bits, tokenizes by SHA-256; counts the opens. */
    private static final class CountingCrypto implements ElementCrypto {
        int opens;

        @Override
        public CollectionIdentity identity() {
            return new CollectionIdentity(1, 1);
        }

        @Override
        public byte[] seal(byte[] plaintext) {
            return flipped(plaintext);
        }

        @Override
        public byte[] open(byte[] sealed) {
            opens++;
            return flipped(sealed);
        }

        @Override
        public byte[] token(byte[] data, int offset, int length) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(data, offset, length);
                return Arrays.copyOf(digest.digest(), 16);
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        private static byte[] flipped(byte[] bytes) {
            byte[] out = bytes.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] ^= (byte) 0xA5;
            }
            return out;
        }
    }

    private record Pair(byte[] member, double score) {
    }

    private static final Comparator<Pair> ORDER = Comparator.comparingDouble(Pair::score)
            .thenComparing(Pair::member, Arrays::compareUnsigned);

    private final CountingCrypto crypto = new CountingCrypto();
    private final ZTree tree = new ZTree();
    private final List<Pair> model = new ArrayList<>();
    private final Random random = new Random(25);

    @Test
    void membersPlacedAmongFewTiesOpenNoneOfThemUnderTheHold() {
        fill(400, 200);
        for (int round = 0; round < 50; round++) {
            byte[][] members = {randomMember(), heldMember(), randomMember()};
            double[] scores = fewTiedScores(3, 200);
            Pretokened tokens = look(members, scores);
            crypto.opens = 0;
            put(tokens, members, scores);
            assertThat(crypto.opens).as("round %d", round).isZero();
        }
        assertSameOrder();
    }

    @Test
    void aMemberOfThatScoreAddedAfterTheLookIsOpenedWhenMet() {
        fill(300, 600);
        for (int round = 0; round < 50; round++) {
            byte[] last = {-1, -1, -1, (byte) round};
            byte[][] members = {round % 3 == 0 ? new byte[] {-1, -1, -1, (byte) round, 1} : freshMember()};
            double[] scores = {scoreWithOneTie(600)};
            Pretokened tokens = look(members, scores);
            // the last of two ties, which the search meets first
            putAlone(last, scores[0]);
            crypto.opens = 0;
            put(tokens, members, scores);
            assertThat(crypto.opens).as("round %d", round).isPositive();
        }
        assertSameOrder();
    }

    @Test
    void aScoreWithMoreTiesThanAreLookedAtIsSearchedAsWithoutThem() {
        for (int i = 0; i < 3 * Ties.MOST; i++) {
            putAlone(randomMember(), 7);
        }
        for (int round = 0; round < 20; round++) {
            byte[][] members = {randomMember()};
            double[] scores = {7};
            Pretokened tokens = look(members, scores);
            crypto.opens = 0;
            put(tokens, members, scores);
            assertThat(crypto.opens).isPositive();
        }
        assertSameOrder();
    }

    /** The look ahead and what follows it before the hold: the ties noted, then ordered. */
    private Pretokened look(byte[][] members, double[] scores) {
        Pretokened tokens = Pretokened.of(crypto, members);
        tokens.anyAbsent(tree);
        tokens.noteTies(tree, scores);
        tokens.sealAbsent();
        tokens.orderTies();
        return tokens;
    }

    /** The run's hold: each member put at its score through a view that knows the orders found ahead. */
    private void put(Pretokened tokens, byte[][] members, double[] scores) {
        TreeView view = new TreeView(tree, tokens, tokens, () -> { });
        for (int i = 0; i < members.length; i++) {
            view.put(members[i], scores[i]);
            byte[] member = members[i];
            model.removeIf(pair -> Arrays.equals(pair.member(), member));
            model.add(new Pair(member, scores[i]));
        }
    }

    private void putAlone(byte[] member, double score) {
        new TreeView(tree, crypto, TreeView.KnownOrders.NONE, () -> { }).put(member, score);
        model.removeIf(pair -> Arrays.equals(pair.member(), member));
        model.add(new Pair(member, score));
    }

    private void fill(int size, int distinctScores) {
        for (int i = 0; i < size; i++) {
            putAlone(randomMember(), random.nextInt(distinctScores));
        }
    }

    /** A member of 1-6 random bytes (so high bytes and prefixes both decide orders). */
    private byte[] randomMember() {
        byte[] member = new byte[1 + random.nextInt(6)];
        random.nextBytes(member);
        return member;
    }

    private byte[] freshMember() {
        byte[] member;
        do {
            member = randomMember();
        } while (held(member));
        return member;
    }

    private boolean held(byte[] member) {
        return model.stream().anyMatch(pair -> Arrays.equals(pair.member(), member));
    }

    private byte[] heldMember() {
        return model.get(random.nextInt(model.size())).member().clone();
    }

    private double scoreWithOneTie(int bound) {
        double score;
        do {
            score = random.nextInt(bound);
        } while (tree.withScore(score, new int[1]) != 1);
        return score;
    }

    /** {@code n} distinct scores below {@code bound}, each held by at most {@link Ties#MOST} members. */
    private double[] fewTiedScores(int n, int bound) {
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double score;
            do {
                score = random.nextInt(bound);
            } while (tree.withScore(score, new int[Ties.MOST]) > Ties.MOST || contains(scores, i, score));
            scores[i] = score;
        }
        return scores;
    }

    private static boolean contains(double[] scores, int count, double score) {
        for (int i = 0; i < count; i++) {
            if (scores[i] == score) {
                return true;
            }
        }
        return false;
    }

    private void assertSameOrder() {
        model.sort(ORDER);
        List<ZItem> items = new TreeView(tree, crypto).items(0, tree.size(), false);
        assertThat(items).hasSize(model.size());
        for (int i = 0; i < items.size(); i++) {
            assertThat(crypto.open(items.get(i).member())).as("rank %d", i).isEqualTo(model.get(i).member());
            assertThat(items.get(i).score()).isEqualTo(model.get(i).score());
        }
    }
}
