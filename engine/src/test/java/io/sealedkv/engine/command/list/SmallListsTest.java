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
        FailingCodec codec = new FailingCodec(real, 2);
        ElementSealer sealer = ElementSealer.forNew(codec);
        SealedList list = new SealedList(sealer.identity());
        list.addLast(sealer.seal(bytes("first")));
        list.addLast(sealer.seal(bytes("second")));

        assertThatThrownBy(() -> SmallLists.push(list, sealer, List.of(bytes("third")), false, NodeFill.of(-2)))
                .isInstanceOf(SealingException.class);

        assertThat(codec.opened).hasSize(1);
        assertThat(codec.opened.get(0)).containsOnly(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Opens through a real codec, keeping what it handed out, and refuses the {@code failingOpen}-th open. */
    private static final class FailingCodec implements ValueCodec {
        private final ValueCodec real;
        private final int failingOpen;
        private final List<byte[]> opened = new ArrayList<>();

        FailingCodec(ValueCodec real, int failingOpen) {
            this.real = real;
            this.failingOpen = failingOpen;
        }

        @Override
        public byte[] seal(SealContext context, byte[] plaintext) {
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
