package io.sealedkv.codec.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The version read from an envelope in a buffer is the array reader's, failures included, wherever it sits. */
class KeyVersionInBufferProperties {
    @Property(tries = 500)
    void aBufferedEnvelopeGivesWhatTheArrayGives(@ForAll("envelopes") byte[] sealed,
                                                 @ForAll @IntRange(min = 0, max = 40) int offset,
                                                 @ForAll boolean littleEndian) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + sealed.length + 3)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        buffer.put(offset, sealed, 0, sealed.length);
        buffer.position(buffer.limit() - 1);
        Object fromArray = outcome(() -> EnvelopeV1.keyVersion(sealed));
        Object fromBuffer = outcome(() -> EnvelopeV1.keyVersion(buffer, offset, sealed.length));
        assertThat(fromBuffer).isEqualTo(fromArray);
    }

    @Provide
    Arbitrary<byte[]> envelopes() {
        Arbitrary<byte[]> wellFormed = Arbitraries.bytes().array(byte[].class).ofMinSize(EnvelopeV1.OVERHEAD).ofMaxSize(80)
                .map(bytes -> {
                    bytes[0] = EnvelopeV1.FORMAT_VERSION;
                    bytes[1] = (byte) (bytes[1] & EnvelopeV1.FLAG_LZF);
                    return bytes;
                });
        Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        return Arbitraries.oneOf(wellFormed, anything);
    }

    private static Object outcome(java.util.function.IntSupplier read) {
        try {
            return read.getAsInt();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
