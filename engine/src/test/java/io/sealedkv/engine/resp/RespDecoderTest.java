package io.sealedkv.engine.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nal\r\nPING\r\n"
            + "*-1\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n  echo 'x y'\n";

    private static ProtocolLimits limits(long maxBulk, boolean authenticated) {
        return new ProtocolLimits() {
            @Override
            public long maxBulkLength() {
                return maxBulk;
            }

            @Override
            public long queryBufferLimit() {
                return 1 << 20;
            }

            @Override
            public boolean authenticated() {
                return authenticated;
            }
        };
    }

    /** Feeds {@code input} in the given fragments and renders what came out, one line per message. */
    private static List<String> decode(byte[] input, int... splits) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(512 << 20, true)));
        int from = 0;
        for (int split : splits) {
            channel.writeInbound(Unpooled.copiedBuffer(input, from, split - from));
            from = split;
        }
        channel.writeInbound(Unpooled.copiedBuffer(input, from, input.length - from));
        List<String> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(render(message));
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static String render(Object message) {
        if (message instanceof byte[][] args) {
            List<String> parts = new ArrayList<>();
            for (byte[] arg : args) {
                parts.add(new String(arg, StandardCharsets.ISO_8859_1));
            }
            return parts.toString();
        }
        return "error: " + ((ProtocolError) message).reason();
    }

    @Test
    void everySplitPointGivesTheSameRequests() {
        byte[] input = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = decode(input);
        assertThat(whole).containsExactly("[SET, k, v\r\nal]", "[PING]", "[ECHO, ]", "[echo, x y]");
        for (int split = 1; split < input.length; split++) {
            assertThat(decode(input, split)).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void byteByByteGivesTheSameRequests() {
        byte[] input = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        int[] everyByte = new int[input.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(decode(input, everyByte)).isEqualTo(decode(input));
    }

    @Test
    void limitsAreCheckedBeforeBuffering() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(1 << 20, true)));
        channel.writeInbound(Unpooled.copiedBuffer("*1\r\n$1048577\r\n", StandardCharsets.US_ASCII));
        assertThat(render(channel.readInbound())).isEqualTo("error: invalid bulk length");
        channel.finishAndReleaseAll();
    }

    @Test
    void unauthenticatedClientsGetSmallLimits() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(1 << 20, false)));
        channel.writeInbound(Unpooled.copiedBuffer("*11\r\n", StandardCharsets.US_ASCII));
        assertThat(render(channel.readInbound())).isEqualTo("error: unauthenticated multibulk length");
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new RespDecoder(limits(1 << 20, false)));
        channel.writeInbound(Unpooled.copiedBuffer("*1\r\n$16385\r\n", StandardCharsets.US_ASCII));
        assertThat(render(channel.readInbound())).isEqualTo("error: unauthenticated bulk length");
        channel.finishAndReleaseAll();
    }

    @Test
    void nothingIsDecodedAfterAnError() {
        List<String> out = decode("*1\r\n$x\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(out).containsExactly("error: invalid bulk length");
    }

    @Test
    void largeBulksArriveIntactInAnyFragmentation() {
        byte[] value = new byte[300_000];
        new Random(7).nextBytes(value);
        byte[] head = ("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[head.length + value.length + 2 + 6];
        System.arraycopy(head, 0, input, 0, head.length);
        System.arraycopy(value, 0, input, head.length, value.length);
        System.arraycopy("\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII), 0, input, head.length + value.length, 8);
        for (int[] splits : new int[][] {{}, {head.length + 1}, {1000, 70_000, 200_000, input.length - 7},
                {head.length + value.length + 1}}) {
            EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(512 << 20, true)));
            int from = 0;
            for (int split : splits) {
                channel.writeInbound(Unpooled.copiedBuffer(input, from, split - from));
                from = split;
            }
            channel.writeInbound(Unpooled.copiedBuffer(input, from, input.length - from));
            byte[][] set = channel.readInbound();
            assertThat(set[2]).isEqualTo(value);
            assertThat(render(channel.readInbound())).isEqualTo("[PING]");
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void bytesLeftUnreadAfterAnErrorOrAtTheEndAreWiped() {
        String badLength = "*2\r\n$3\r\nSET\r\n$x\r\nsecret";
        String cutShort = "*2\r\n$3\r\nSET\r\n$9\r\nsecret";
        for (String input : new String[] {badLength, cutShort}) {
            EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(512 << 20, true)));
            byte[] memory = new byte[64];
            byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(bytes, 0, memory, 0, bytes.length);

            channel.writeInbound(Unpooled.wrappedBuffer(memory).writerIndex(bytes.length));
            channel.finishAndReleaseAll();

            assertThat(new String(memory, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        }
    }
}
