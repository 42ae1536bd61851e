package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespReaderTest {

    @Test
    void readsOneReplyAtATimeKeepingItsExactBytes() throws IOException {
        String first = "*3\r\n$4\r\na\r\nb\r\n$-1\r\n%1\r\n+k\r\n~2\r\n:1\r\n,1.5\r\n";
        String second = "-ERR x\r\n";
        RespReader reader = reader(first + second + "_\r\n");

        RespReply reply = reader.read();
        assertThat(text(reply.raw())).isEqualTo(first);
        assertThat(reply.type()).isEqualTo('*');
        assertThat(reply.elements()).hasSize(3);
        assertThat(text(reply.elements().get(0).payload())).isEqualTo("a\r\nb");
        assertThat(reply.elements().get(1).payload()).isNull();
        assertThat(reply.elements().get(2).elements()).hasSize(2);
        assertThat(reply.elements().get(2).elements().get(1).elements()).hasSize(2);
        assertThat(text(reader.read().raw())).isEqualTo(second);
        assertThat(reader.read().type()).isEqualTo('_');
    }

    @Test
    void bulkPayloadsMayHoldAnyByte() throws IOException {
        RespReply reply = reader("$4\r\n\r\n\u0000\u00ff\r\n").read();

        assertThat(reply.payload()).containsExactly('\r', '\n', 0, 0xff);
    }

    @Test
    void shapeIgnoresScalarsButNotTypesOrSizes() throws IOException {
        RespReply a = reader("*2\r\n:1\r\n$1\r\nx\r\n").read();
        RespReply b = reader("*2\r\n:7\r\n$3\r\nxyz\r\n").read();
        RespReply c = reader("*2\r\n:7\r\n+xyz\r\n").read();
        RespReply d = reader("*1\r\n:7\r\n").read();

        assertThat(a.sameShape(b)).isTrue();
        assertThat(a.sameBytes(b)).isFalse();
        assertThat(a.sameShape(c)).isFalse();
        assertThat(a.sameShape(d)).isFalse();
    }

    @Test
    void aTruncatedReplyIsAnError() {
        assertThatThrownBy(() -> reader("$5\r\nab").read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("?x\r\n").read()).hasMessageContaining("not a RESP type byte");
    }

    private static RespReader reader(String bytes) {
        return new RespReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
