package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.engine.types.list.SealedList;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallListsTest {
    private final ValueCodec real = new SealingValueCodec(Keystores.open("memory", Map.of()), CodecOptions.DEFAULTS);

    /** A list in segments about to become small again: a segment that does not open leaves nothing in clear. */
    @Test
    void aSegmentThatDoesNotOpenLeavesTheOnesOpenedBeforeWiped() {
        WatchedCodec codec = new WatchedCodec(real, 2);
        ElementSealer sealer = ElementSealer.forNew(codec);
        SealedList list = new SealedList(sealer.identity());
        list.addLast(sealer.seal(bytes("first")));
        list.addLast(sealer.seal(bytes("second")));

        assertThatThrownBy(() -> SmallLists.push(list, sealer, List.of(bytes("third")), false, NodeFill.of(-2)))
                .isInstanceOf(SealingException.class);

        assertThat(codec.opened).hasSize(1);
        assertThat(codec.opened.get(0)).containsOnly(0);
    }

    /** A pop opens the block and seals what is left (2 AES-GCM operations): its elements come out open. */
    @Test
    void aPopTakesItsElementsOpenFromTheBlock() {
        WatchedCodec codec = new WatchedCodec(real, 0);
        ElementSealer sealer = ElementSealer.forNew(codec);
        SealedList list = smallList(sealer, "a", "b", "c", "d");
        int seals = codec.seals;

        byte[][] taken = SmallLists.pop(list, sealer, false, 2);

        assertThat(taken).isDeepEqualTo(new byte[][] {bytes("d"), bytes("c")});
        assertThat(codec.seals - seals).isEqualTo(1);
        assertThat(codec.opened).hasSize(1);
        assertThat(codec.opened.get(0)).containsOnly(0);
        assertThat(contents(sealer, list)).containsExactly("a", "b");
    }

    /** A pop made outside the lock from a block another write replaced meanwhile is not applied, and wiped. */
    @Test
    void aPopOfABlockChangedMeanwhileIsNotApplied() {
        ElementSealer sealer = ElementSealer.forNew(real);
        SealedList list = smallList(sealer, "a", "b", "c");
        SmallLists.Change pop = SmallLists.Snapshot.of(list).pop(sealer, true, 1);
        assertThat(pop.taken()).isDeepEqualTo(new byte[][] {bytes("a")});

        SmallLists.push(list, sealer, List.of(bytes("d")), false, NodeFill.of(-2));

        assertThat(pop.holds(list)).isFalse();
        pop.wipe();
        assertThat(pop.taken()[0]).containsOnly(0);
        assertThat(contents(sealer, list)).containsExactly("a", "b", "c", "d");
    }

    /** A push made outside the lock is applied when the list is unchanged, not once another write replaced it. */
    @Test
    void aPushAppliesOnlyToTheBlockItWasMadeFrom() {
        ElementSealer sealer = ElementSealer.forNew(real);
        SealedList list = smallList(sealer, "a", "b", "c");
        NodeFill fill = NodeFill.of(-2);
        SmallLists.Change first = SmallLists.forPush(list, List.of(bytes("x")), fill)
                .push(sealer, List.of(bytes("x")), true);
        SmallLists.Change second = SmallLists.forPush(list, List.of(bytes("y")), fill)
                .push(sealer, List.of(bytes("y")), false);

        assertThat(first.holds(list)).isTrue();
        first.apply();

        assertThat(second.holds(list)).isFalse();
        assertThat(contents(sealer, list)).containsExactly("x", "a", "b", "c");
        assertThat(list.small()).isTrue();
    }

    /** Popping all but one leaves a single, as in segments; popping all leaves nothing. */
    @Test
    void aPopLeavesASingleOrNothing() {
        ElementSealer sealer = ElementSealer.forNew(real);
        SealedList list = smallList(sealer, "a", "b", "c");
        SmallLists.Change pop = SmallLists.Snapshot.of(list).pop(sealer, true, 2);
        pop.apply();
        assertThat(list.small()).isFalse();
        assertThat(contents(sealer, list)).containsExactly("c");

        SealedList other = smallList(sealer, "a", "b");
        SmallLists.Snapshot.of(other).pop(sealer, false, 2).apply();
        assertThat(other.size()).isZero();
        assertThat(other.small()).isFalse();
    }

    private static SealedList smallList(ElementSealer sealer, String... elements) {
        SealedList list = new SealedList(sealer.identity());
        List<byte[]> pushed = new ArrayList<>();
        for (String element : elements) {
            pushed.add(bytes(element));
        }
        assertThat(SmallLists.push(list, sealer, pushed, false, NodeFill.of(-2))).isTrue();
        assertThat(list.small()).isTrue();
        return list;
    }

    private static List<String> contents(ElementSealer sealer, SealedList list) {
        List<String> all = new ArrayList<>();
        for (Object segment : list.segments()) {
            for (byte[] element : ListPacker.open(sealer, segment)) {
                all.add(new String(element, StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Seals and opens through a real codec, counting seals and keeping the plaintexts it handed out, and refuses
     * the {@code failingOpen}-th open (none for 0).
     */
    private static final class WatchedCodec implements ValueCodec {
        private final ValueCodec real;
        private final int failingOpen;
        private final List<byte[]> opened = new ArrayList<>();
        private int seals;

        WatchedCodec(ValueCodec real, int failingOpen) {
            this.real = real;
            this.failingOpen = failingOpen;
        }

        @Override
        public byte[] seal(SealContext context, byte[] plaintext) {
            seals++;
            return real.seal(context, plaintext);
        }

        @Override
        public byte[] open(SealContext context, byte[] sealed) {
            if (opened.size() + 1 == failingOpen) {
                throw new SealingException("refused by the test");
            }
            byte[] plaintext = real.open(context, sealed);
            opened.add(plaintext);
            return plaintext;
        }

        @Override
        public int keyVersion(byte[] sealed) {
            return real.keyVersion(sealed);
        }

        @Override
        public ElementTokens tokens() {
            return real.tokens();
        }

        @Override
        public ElementTokens tokens(int version) {
            return real.tokens(version);
        }
    }
}
