package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ElementToken;
import io.sealedkv.engine.types.zset.ZTree;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Members of equal score opened ahead of the lock: which ones, served without opening, wiped after. */
class PretokenedTest {
    private final ElementSealer sealer = ElementSealer.forNew(
            new SealingValueCodec(Keystores.open("memory", Map.of()), CodecOptions.DEFAULTS));

    /** The sealer, counting opens and keeping what it opened (to check the wipe). */
    private final class Counting implements ElementCrypto {
        final List<byte[]> opened = new ArrayList<>();

        @Override
        public CollectionIdentity identity() {
            return sealer.identity();
        }

        @Override
        public byte[] seal(byte[] plaintext) {
            return sealer.seal(plaintext);
        }

        @Override
        public byte[] open(byte[] sealed) {
            byte[] plaintext = sealer.open(sealed);
            opened.add(plaintext);
            return plaintext;
        }

        @Override
        public byte[] token(byte[] data, int offset, int length) {
            return sealer.token(data, offset, length);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private ZTree.Node add(ZTree tree, String member, double score) {
        byte[] token = sealer.token(bytes(member));
        ZTree.Node node = new ZTree.Node(score, ElementToken.high(token), ElementToken.low(token),
                sealer.seal(bytes(member)));
        tree.insert(node, other -> {
            byte[] opened = sealer.open(other.sealed());
            return Arrays.compareUnsigned(bytes(member), opened);
        });
        return node;
    }

    @Test
    void tiesAreOpenedAheadOnceServedWithoutOpeningAndWiped() {
        ZTree tree = new ZTree();
        ZTree.Node moving = add(tree, "b", 1);
        ZTree.Node tieA = add(tree, "a", 2);
        ZTree.Node tieC = add(tree, "c", 2);
        add(tree, "d", 3);
        Counting counting = new Counting();
        byte[] moved = bytes("b");
        byte[] added = bytes("e");
        Pretokened tokens = Pretokened.of(counting, new byte[][] {moved, added});
        double[] targets = {2, 7};
        assertThat(tokens.collectTies(tree, (i, current) -> targets[i])).isTrue();
        tokens.openTies();
        assertThat(counting.opened).hasSize(2);
        // Both ties are served from what was opened, as copies, without opening again.
        assertThat(tokens.open(tieA.sealed())).containsExactly(bytes("a"));
        assertThat(tokens.open(tieC.sealed())).containsExactly(bytes("c"));
        assertThat(counting.opened).hasSize(2);
        // Nothing new to open: the same ties are known; a member that does not move needs none.
        assertThat(tokens.collectTies(tree, (i, current) -> targets[i])).isFalse();
        assertThat(tokens.collectTies(tree, (i, current) -> i == 0 ? current.score() : Double.NaN)).isFalse();
        // Any other member is opened by the sealer as before.
        assertThat(tokens.open(moving.sealed())).containsExactly(bytes("b"));
        assertThat(counting.opened).hasSize(3);
        tokens.wipe();
        assertThat(counting.opened.get(0)).containsOnly(0);
        assertThat(counting.opened.get(1)).containsOnly(0);
    }

    @Test
    void tooManyTiesAreLeftToTheLock() {
        ZTree tree = new ZTree();
        for (int i = 0; i <= Pretokened.MAX_TIES; i++) {
            add(tree, "m" + i, 5);
        }
        Counting counting = new Counting();
        Pretokened tokens = Pretokened.of(counting, new byte[][] {bytes("new")});
        assertThat(tokens.collectTies(tree, (i, current) -> 5)).isFalse();
        tokens.openTies();
        assertThat(counting.opened).isEmpty();
    }
}
