package io.sealedkv.engine.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Integers and lengths come out in decimal exactly as {@link Long#toString} prints them, buffer moves included. */
class RespWriterProperties {
    @Property
    void integersAndHeadersAreWrittenInDecimal(@ForAll long value, @ForAll @IntRange(max = 5000) int length,
                                               @ForAll @IntRange(min = 1, max = 64) int capacity) {
        RespWriter writer = new RespWriter();
        writer.target(Unpooled.buffer(capacity));
        writer.integer(value);
        writer.bulk(new byte[length]);
        writer.array((int) (value >>> 40));
        ByteBuf written = writer.target();
        assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo(":" + value + "\r\n$" + length + "\r\n"
                + "\0".repeat(length) + "\r\n*" + (int) (value >>> 40) + "\r\n");
        written.release();
    }
}
