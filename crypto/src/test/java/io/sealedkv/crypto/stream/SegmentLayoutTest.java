package io.sealedkv.crypto.stream;

import static io.sealedkv.crypto.stream.Streams.HEADER;
import static io.sealedkv.crypto.stream.Streams.segmentOffset;
import static io.sealedkv.crypto.stream.Streams.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks the writer and the reader against the layout in {@link SegmentLayout}, using AES-GCM directly. */
class SegmentLayoutTest {
    private static final int S = 8;

    private final byte[] key = Streams.newKey();
    private final Aead aead = AesGcm.create(key);

    @Test
    void everySegmentOfTheWriterOpensWithTheSpecifiedNonce() {
        byte[] plaintext = Streams.randomBytes(2 * S + 3);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        byte[] prefix = slice(sealed, 0, SegmentLayout.NONCE_PREFIX_LENGTH);

        assertThat(sealed).hasSize(segmentOffset(S, 2) + 3 + Aead.TAG_LENGTH);
        assertThat(aead.open(nonce(prefix, 0, 0), 0, HEADER, sealed, segmentOffset(S, 0), S + Aead.TAG_LENGTH))
                .isEqualTo(slice(plaintext, 0, S));
        assertThat(aead.open(nonce(prefix, 1, 0), 0, HEADER, sealed, segmentOffset(S, 1), S + Aead.TAG_LENGTH))
                .isEqualTo(slice(plaintext, S, 2 * S));
        assertThat(aead.open(nonce(prefix, 2, 1), 0, HEADER, sealed, segmentOffset(S, 2), 3 + Aead.TAG_LENGTH))
                .isEqualTo(slice(plaintext, 2 * S, 2 * S + 3));
    }

    @Test
    void theReaderAcceptsAStreamBuiltFromTheSpecification() {
        byte[] plaintext = Streams.randomBytes(3 * S - 1);

        byte[] sealed = build(plaintext, 0, 0, 1);

        assertThat(Streams.read(key, S, sealed).plaintext()).isEqualTo(plaintext);
    }

    @Test
    void aStreamWithoutALastFlagIsTruncated() {
        byte[] plaintext = Streams.randomBytes(3 * S);

        Streams.Outcome outcome = Streams.read(key, S, build(plaintext, 0, 0, 0));

        assertThat(outcome.failure()).isInstanceOf(StreamTruncatedException.class)
                .hasMessage("stream truncated after segment 2");
        assertThat(outcome.plaintext()).isEqualTo(plaintext);
    }

    @Test
    void segmentsAfterOneFlaggedLastAreTrailingData() {
        byte[] plaintext = Streams.randomBytes(3 * S);

        Streams.Outcome outcome = Streams.read(key, S, build(plaintext, 0, 1, 1));

        assertThat(outcome.failure()).isInstanceOf(StreamTrailingDataException.class)
                .hasMessage("unexpected data after the last segment (segment 1)");
        assertThat(outcome.plaintext()).isEqualTo(slice(plaintext, 0, S));
    }

    /** Seals {@code plaintext} in segments of {@code S} bytes with the given last-segment flags. */
    private byte[] build(byte[] plaintext, int... flags) {
        byte[] prefix = new byte[SegmentLayout.NONCE_PREFIX_LENGTH];
        Arrays.fill(prefix, (byte) 0xA5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        for (int i = 0; i < flags.length; i++) {
            int from = i * S;
            int length = Math.min(S, plaintext.length - from);
            byte[] segment = new byte[length + Aead.TAG_LENGTH];
            aead.seal(nonce(prefix, i, flags[i]), 0, HEADER, plaintext, from, length, segment, 0);
            out.writeBytes(segment);
        }
        return out.toByteArray();
    }

    private static byte[] nonce(byte[] prefix, int index, int flag) {
        return ByteBuffer.allocate(Aead.NONCE_LENGTH).put(prefix).putInt(index).put((byte) flag).array();
    }
}
