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

    @Test
    void headerLinesPrintEveryLongInDecimal() {
        ByteBuf buffer = Unpooled.buffer(256);
        RespWriter writer = new RespWriter();
        writer.target(buffer);

        for (long value : new long[] {0, 9, 10, -1, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            writer.integer(value);
        }
        writer.bulk(new byte[12]);

        assertThat(writer.target().toString(StandardCharsets.US_ASCII)).isEqualTo(":0\r\n:9\r\n:10\r\n:-1\r\n:-10\r\n"
                + ":1234567890123\r\n:9223372036854775807\r\n:-9223372036854775808\r\n$12\r\n"
                + "\0".repeat(12) + "\r\n");
        writer.target().release();
    }
}
