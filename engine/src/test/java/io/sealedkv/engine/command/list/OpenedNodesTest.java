package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.ListPacker;
import io.sealedkv.engine.types.list.NodeFill;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nodes read through {@link OpenedNodes}: opened once, framed on their second read, replied byte for byte as
 * when read alone, and wiped when the run ends or room is made.
 */
class OpenedNodesTest {
    private final ValueCodec codec = new SealingValueCodec(Keystores.open("memory", Map.of()), CodecOptions.DEFAULTS);
    private final Counting crypto = new Counting(ElementSealer.forNew(codec));
    private final NodeFill fill = NodeFill.of(-2);

    /** A node of {@code n} elements of lengths 0, 1, ..., 12, 0, 1, ... (one- and two-digit bulk lengths). */
    private ListNode node(String prefix, int n) {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String element = (prefix + i + "-" + "y".repeat(12)).substring(0, i % 13);
            elements.add(element.getBytes(StandardCharsets.US_ASCII));
        }
        return (ListNode) ListPacker.seal(crypto, elements, fill, true).get(0);
    }

    private static String kept(OpenedNodes kept, ElementCrypto crypto, ListNode node, int skip, long max, int expected) {
        RespWriter writer = writer();
        assertThat(kept.read(crypto, node, skip, max, writer)).isEqualTo(expected);
        return replies(writer);
    }

    private static String alone(ElementCrypto crypto, ListNode node, int skip, long max) {
        RespWriter writer = writer();
        ListPacker.read(crypto, node, skip, max, writer::bulk);
        return replies(writer);
    }

    private static RespWriter writer() {
        RespWriter writer = new RespWriter();
        writer.target(Unpooled.buffer());
        return writer;
    }

    private static String replies(RespWriter writer) {
        ByteBuf out = writer.target();
        String text = out.toString(StandardCharsets.US_ASCII);
        out.release();
        return text;
    }

    @Test
    void aNodeReadAgainIsNotOpenedAgainAndRepliesAsAlone() {
        ListNode node = node("a-", 30);
        OpenedNodes kept = new OpenedNodes();
        assertThat(kept(kept, crypto, node, 2, 3, 3)).isEqualTo(alone(crypto, node, 2, 3));
        assertThat(kept(kept, crypto, node, 11, 100, 19)).isEqualTo(alone(crypto, node, 11, 100));
        assertThat(kept(kept, crypto, node, 0, 30, 30)).isEqualTo(alone(crypto, node, 0, 30));
        assertThat(kept(kept, crypto, node, 29, 1, 1)).isEqualTo("$3\r\na-2\r\n");
        assertThat(kept(kept, crypto, node, 30, 1, 0)).isEmpty();
        assertThat(kept(kept, crypto, node, 0, 0, 0)).isEmpty();
        int opens = crypto.opens.size();
        kept(kept, crypto, node, 0, 30, 30);
        assertThat(crypto.opens).as("kept: opened once, by the first read").hasSize(opens);
        ListNode slice = new ListNode(node.sealed(), 28, node.plainBytes(), 1, 30);
        assertThat(kept(kept, crypto, slice, 0, 28, 28)).isEqualTo(alone(crypto, slice, 0, 28));
        assertThat(kept(kept, crypto, slice, 27, 5, 1)).isEqualTo(alone(crypto, node, 28, 1));
        ListNode other = node("b-", 13);
        assertThat(kept(kept, crypto, other, 0, 13, 13)).as("another node, its own elements")
                .isEqualTo(alone(crypto, other, 0, 13));
        kept.wipe();
    }

    @Test
    void keptBlocksHoldTheirPlaintextUntilWiped() {
        OpenedNodes kept = new OpenedNodes();
        ListNode first = node("first-", 20);
        ListNode second = node("second-", 20);
        kept(kept, crypto, first, 0, 20, 20);
        kept(kept, crypto, second, 0, 20, 20);
        kept(kept, crypto, second, 0, 20, 20);
        assertThat(new String(crypto.opens.get(0), StandardCharsets.US_ASCII)).as("kept open until wiped")
                .contains("first-1");
        assertThat(crypto.opens.get(1)).as("framed on its second read, the block wiped").containsOnly(0);
        kept.wipe();
        assertThat(crypto.opens.get(0)).containsOnly(0);
        assertThat(kept(kept, crypto, first, 0, 20, 20)).isEqualTo(alone(crypto, first, 0, 20));
        assertThat(crypto.opens).as("opened again after the wipe").hasSize(4);
        kept.wipe();
    }

    @Test
    void aFramedNodeIsWipedWithItsBlock() {
        ListNode node = node("f-", 20);
        byte[] block = crypto.open(node.sealed());
        OpenedNodes.Opened opened = new OpenedNodes.Opened(node.sealed(), block);
        opened.frame(20);
        byte[] framed = opened.framed;
        assertThat(block).as("framed: the block is not needed").containsOnly(0);
        assertThat(new String(framed, StandardCharsets.US_ASCII)).startsWith("$0\r\n\r\n$1\r\nf\r\n$2\r\nf-\r\n")
                .contains("$12\r\nf-12-yyyyyyy\r\n");
        opened.wipe();
        assertThat(framed).containsOnly(0);
    }

    @Test
    void theOldestNodeIsWipedToMakeRoom() {
        OpenedNodes kept = new OpenedNodes();
        ListNode first = node("first-", 3);
        kept(kept, crypto, first, 0, 1, 1);
        for (int i = 0; i < OpenedNodes.LIMIT - 1; i++) {
            kept(kept, crypto, node("n" + i + "-", 3), 0, 1, 1);
        }
        byte[] firstBlock = crypto.opens.get(0);
        assertThat(new String(firstBlock, StandardCharsets.US_ASCII)).as("still kept").contains("fi");
        kept(kept, crypto, node("last-", 3), 0, 1, 1);
        assertThat(firstBlock).containsOnly(0);
        int opens = crypto.opens.size();
        kept(kept, crypto, first, 0, 3, 3);
        assertThat(crypto.opens).as("opened again once wiped").hasSize(opens + 1);
        kept.wipe();
    }

    @Test
    void onlyNodesOfAtMostTheBoundAreKept() {
        byte[] sealed = crypto.seal(new byte[] {1, 'x'});
        assertThat(OpenedNodes.keeps(new ListNode(sealed, 2, OpenedNodes.MAX_BLOCK_BYTES))).isTrue();
        assertThat(OpenedNodes.keeps(new ListNode(sealed, 2, OpenedNodes.MAX_BLOCK_BYTES + 1))).isFalse();
    }

    @Test
    void framedBulkStringsAreRespBulkStrings() {
        for (int length : new int[] {0, 1, 9, 10, 99, 100, 12345}) {
            byte[] value = "z".repeat(length).getBytes(StandardCharsets.US_ASCII);
            byte[] framed = new byte[RespWriter.framedSize(length) + 2];
            assertThat(RespWriter.frameBulk(value, 0, length, framed, 1)).isEqualTo(framed.length - 1);
            RespWriter writer = writer();
            writer.bulk(value);
            ByteBuf out = writer.target();
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Arrays.copyOfRange(framed, 1, framed.length - 1));
            out.release();
        }
    }

    /** Keeps what each open returned. */
    private static final class Counting implements ElementCrypto {
        private final ElementCrypto inner;
        final List<byte[]> opens = new ArrayList<>();

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
            byte[] opened = inner.open(sealed);
            opens.add(opened);
            return opened;
        }

        @Override
        public byte[] token(byte[] data, int offset, int length) {
            return inner.token(data, offset, length);
        }
    }
}
