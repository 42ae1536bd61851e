package io.sealedkv.engine.types.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes read through kept {@link OpenedNodes}: opened once per node, the same elements, wiped at the end. */
class OpenedNodesTest {
    private final ValueCodec codec = new SealingValueCodec(Keystores.open("memory", Map.of()), CodecOptions.DEFAULTS);
    private final Counting crypto = new Counting(ElementSealer.forNew(codec));
    private final NodeFill fill = NodeFill.of(-2);
    private final List<byte[]> plaintexts = new ArrayList<>();
    private final List<String> handed = new ArrayList<>();
    private final ListBlock.ElementSink sink = (plaintext, offset, length) -> {
        plaintexts.add(plaintext);
        handed.add(new String(plaintext, offset, length, StandardCharsets.US_ASCII));
    };

    private Object node(String prefix, int n) {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add((prefix + i).getBytes(StandardCharsets.US_ASCII));
        }
        return ListPacker.seal(crypto, elements, fill, true).get(0);
    }

    @Test
    void aNodeReadAgainIsNotOpenedAgainAndGivesTheSameElements() {
        Object node = node("a-", 10);
        OpenedNodes kept = new OpenedNodes();
        assertThat(ListPacker.read(crypto, node, 2, 3, sink, kept)).isEqualTo(3);
        assertThat(ListPacker.read(crypto, node, 8, 5, sink, kept)).isEqualTo(2);
        assertThat(handed).containsExactly("a-2", "a-3", "a-4", "a-8", "a-9");
        assertThat(crypto.opens).isEqualTo(1);
        ListNode slice = ((ListNode) node).withoutFirst();
        handed.clear();
        assertThat(ListPacker.read(crypto, slice, 0, 2, sink, kept)).isEqualTo(2);
        assertThat(handed).as("a slice of the same block reads from its own first element").containsExactly("a-1", "a-2");
        assertThat(crypto.opens).isEqualTo(1);
        handed.clear();
        ListPacker.read(crypto, node("b-", 5), 0, 1, sink, kept);
        assertThat(handed).as("another node with its own elements").containsExactly("b-0");
        assertThat(crypto.opens).isEqualTo(2);
    }

    @Test
    void keptBlocksHoldTheirPlaintextUntilWiped() {
        OpenedNodes kept = new OpenedNodes();
        ListPacker.read(crypto, node("a-", 4), 0, 4, sink, kept);
        ListPacker.read(crypto, node("b-", 4), 0, 4, sink, kept);
        for (byte[] plaintext : plaintexts) {
            assertThat(new String(plaintext, StandardCharsets.US_ASCII)).as("kept open while the run lasts").contains("-3");
        }
        kept.wipe();
        for (byte[] plaintext : plaintexts) {
            assertThat(plaintext).containsOnly(0);
        }
        handed.clear();
        Object node = node("c-", 3);
        ListPacker.read(crypto, node, 0, 3, sink, kept);
        assertThat(handed).containsExactly("c-0", "c-1", "c-2");
    }

    @Test
    void theOldestBlockIsWipedToMakeRoom() {
        OpenedNodes kept = new OpenedNodes();
        Object first = node("first-", 3);
        ListPacker.read(crypto, first, 0, 1, sink, kept);
        byte[] firstBlock = plaintexts.get(0);
        for (int i = 0; i < OpenedNodes.LIMIT - 1; i++) {
            ListPacker.read(crypto, node("n" + i + "-", 3), 0, 1, sink, kept);
        }
        assertThat(firstBlock).as("still kept").isNotEqualTo(new byte[firstBlock.length]);
        ListPacker.read(crypto, node("last-", 3), 0, 1, sink, kept);
        assertThat(firstBlock).containsOnly(0);
        int opens = crypto.opens;
        ListPacker.read(crypto, first, 0, 1, sink, kept);
        assertThat(crypto.opens).as("opened again once wiped").isEqualTo(opens + 1);
        kept.wipe();
    }

    @Test
    void withoutKeptNodesEveryReadOpensAndWipes() {
        Object node = node("a-", 4);
        ListPacker.read(crypto, node, 0, 2, sink, null);
        ListPacker.read(crypto, node, 2, 2, sink, null);
        assertThat(handed).containsExactly("a-0", "a-1", "a-2", "a-3");
        assertThat(crypto.opens).isEqualTo(2);
        for (byte[] plaintext : plaintexts) {
            assertThat(plaintext).containsOnly(0);
        }
    }

    /** Counts opens. */
    private static final class Counting implements ElementCrypto {
        private final ElementCrypto inner;
        int opens;

        Counting(ElementCrypto inner) {
            this.inner = inner;
        }

        @Override
        public CollectionIdentity identity() {
            return inner.identity();
        }

        @Override
        public byte[] seal(byte[] plaintext) {
            return inner.seal(plaintext);
        }

        @Override
        public byte[] open(byte[] sealed) {
            opens++;
            return inner.open(sealed);
        }

        @Override
        public byte[] token(byte[] data, int offset, int length) {
            return inner.token(data, offset, length);
        }
    }
}
