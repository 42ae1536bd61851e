package io.sealedkv.codec.v1;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ning.compress.lzf.LZFDecoder;
import com.ning.compress.lzf.LZFEncoder;
import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.MalformedEnvelopeException;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.TestKeyRing;
import io.sealedkv.codec.TestValues;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The codec against the byte layout its Javadoc documents, checked with an independent implementation. */
class EnvelopeV1SpecTest {
    private static final byte[] KEY = HexFormat.of().parseHex("8f0e4a2b6c1d3e5f7a9b0c2d4e6f81a3b5c7d9eb0f21436587a9cbed0f132547");
    private static final int VERSION = 0xFEDCBA98;
    private static final SealContext CONTEXT = SealContext.of(0x0102030405060708L, "order:77".getBytes(UTF_8));
    private static final byte[] NONCE = HexFormat.of().parseHex("00112233445566778899aabb");

    private final SealingValueCodec codec = new SealingValueCodec(new TestKeyRing().add(VERSION, KEY));

    @Test
    void anUncompressedValueHasTheDocumentedHeaderAndCiphertext() throws Exception {
        byte[] value = "plain value".getBytes(UTF_8);

        byte[] sealed = codec.seal(CONTEXT, value);

        assertThat(sealed).hasSize(18 + value.length + 16);
        assertThat(Arrays.copyOf(sealed, 6)).containsExactly(0x01, 0x00, 0xFE, 0xDC, 0xBA, 0x98);
        assertThat(codec.keyVersion(sealed)).isEqualTo(VERSION);
        assertThat(SpecEnvelope.openPayload(KEY, CONTEXT, sealed)).isEqualTo(value);
    }

    @Test
    void aCompressedValueCarriesTheLzfBlockFormat() throws Exception {
        byte[] value = TestValues.jsonLike(4096, 11);

        byte[] sealed = codec.seal(CONTEXT, value);

        assertThat(sealed[1]).isEqualTo((byte) 0x01);
        assertThat(LZFDecoder.safeDecode(SpecEnvelope.openPayload(KEY, CONTEXT, sealed))).isEqualTo(value);
    }

    @Test
    void envelopesWrittenFromTheSpecOpen() throws Exception {
        byte[] value = TestValues.jsonLike(3000, 5);

        byte[] plain = SpecEnvelope.seal(KEY, VERSION, 0x00, NONCE, CONTEXT, value);
        byte[] compressed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, LZFEncoder.safeEncode(value));

        assertThat(codec.open(CONTEXT, plain)).isEqualTo(value);
        assertThat(codec.open(CONTEXT, compressed)).isEqualTo(value);
    }

    @Test
    void anAuthenticatedFlagBitOutsideLzfIsMalformed() throws Exception {
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x04, NONCE, CONTEXT, new byte[] {1});

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value sets flag bits 0x04 that version 1 does not define");
    }

    @Test
    void aPayloadDeclaringMoreThanTheMaximumIsRefusedBeforeDecoding() throws Exception {
        SealingValueCodec small = new SealingValueCodec(new TestKeyRing().add(VERSION, KEY),
                CodecOptions.DEFAULTS.withMaxValueBytes(1000));
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, compressedChunkHeaders(1));

        assertThatThrownBy(() -> small.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("compressed payload would expand beyond the limit of 1000 bytes");
    }

    @Test
    void chunkLengthsAddingUpPast2GibAreRefused() throws Exception {
        // 32769 chunks declaring 65535 bytes each: 2^31 + 32767 bytes, more than an int holds.
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, compressedChunkHeaders(32769));

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("compressed payload would expand beyond the limit of 536870912 bytes");
    }

    @Test
    void anLzfChunkThatDoesNotDecodeIsMalformed() throws Exception {
        // One compressed chunk of 3 bytes claiming 100: a back reference to before the start.
        byte[] payload = {'Z', 'V', 1, 0, 3, 0, 100, (byte) 0xE0, (byte) 0xFF, (byte) 0xFF};
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, payload);

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("compressed payload is corrupt");
    }

    @Test
    void aPayloadFlaggedLzfThatIsNotLzfIsMalformed() throws Exception {
        byte[] sealed = SpecEnvelope.seal(KEY, VERSION, 0x01, NONCE, CONTEXT, "hello".getBytes(UTF_8));

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("compressed payload has a corrupt chunk header");
    }

    /** {@code count} compressed LZF chunks with empty bodies, each declaring 65535 plaintext bytes. */
    private static byte[] compressedChunkHeaders(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(new byte[] {'Z', 'V', 1, 0, 0, (byte) 0xFF, (byte) 0xFF});
        }
        return out.toByteArray();
    }
}
