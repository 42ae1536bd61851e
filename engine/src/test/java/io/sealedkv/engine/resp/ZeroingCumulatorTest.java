package io.sealedkv.engine.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZeroingCumulatorTest {
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    private final ZeroingCumulator cumulator = new ZeroingCumulator();

    @Test
    void appendingIntoRoomLeftWipesTheJoinedRead() {
        ByteBuf cumulation = heap("*1\r\n$6\r\nsec", 64);
        ByteBuf in = heap("ret\r\n", 16);
        byte[] inMemory = in.array();

        ByteBuf joined = cumulator.cumulate(ALLOC, cumulation, in);

        assertThat(joined).isSameAs(cumulation);
        assertThat(text(joined)).isEqualTo("*1\r\n$6\r\nsecret\r\n");
        assertThat(inMemory).containsOnly(0);
        assertThat(in.refCnt()).isZero();
        joined.release();
    }

    @Test
    void movingToALargerBufferWipesBothOldBuffers() {
        ByteBuf cumulation = heap("$11\r\nplain", 10);
        cumulation.readerIndex(1);
        ByteBuf in = heap("text!!\r\n", 8);
        byte[] cumulationMemory = cumulation.array();
        byte[] inMemory = in.array();

        ByteBuf joined = cumulator.cumulate(ALLOC, cumulation, in);

        assertThat(text(joined)).isEqualTo("11\r\nplaintext!!\r\n");
        assertThat(cumulationMemory).containsOnly(0);
        assertThat(inMemory).containsOnly(0);
        assertThat(cumulation.refCnt()).isZero();
        joined.release();
    }

    @Test
    void aFullyReadCumulationIsWipedAndTheReadKept() {
        ByteBuf cumulation = heap("secret", 6);
        cumulation.skipBytes(6);
        byte[] cumulationMemory = cumulation.array();
        ByteBuf in = heap("next", 4);

        ByteBuf joined = cumulator.cumulate(ALLOC, cumulation, in);

        assertThat(joined).isSameAs(in);
        assertThat(cumulationMemory).containsOnly(0);
        joined.release();
    }

    private static ByteBuf heap(String content, int capacity) {
        ByteBuf buffer = Unpooled.buffer(capacity, capacity);
        buffer.writeCharSequence(content, StandardCharsets.ISO_8859_1);
        return buffer;
    }

    private static String text(ByteBuf buffer) {
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }
}
