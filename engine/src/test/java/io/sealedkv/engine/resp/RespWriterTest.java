package io.sealedkv.engine.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespWriterTest {
    @Test
    void aFullTargetMovesToALargerBufferAndIsWiped() {
        ByteBuf first = Unpooled.buffer(16);
        byte[] firstMemory = first.array();
        RespWriter writer = new RespWriter();
        writer.target(first);

        writer.bulk("secret".getBytes(StandardCharsets.US_ASCII));
        writer.bulk("x".repeat(40).getBytes(StandardCharsets.US_ASCII));
        writer.integer(7);

        ByteBuf target = writer.target();
        assertThat(target).isNotSameAs(first);
        assertThat(target.toString(StandardCharsets.US_ASCII))
                .isEqualTo("$6\r\nsecret\r\n$40\r\n" + "x".repeat(40) + "\r\n:7\r\n");
        assertThat(firstMemory).containsOnly(0);
        assertThat(first.refCnt()).isZero();
        target.release();
    }
}
