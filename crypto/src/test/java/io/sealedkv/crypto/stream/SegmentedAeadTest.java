package io.sealedkv.crypto.stream;

import static io.sealedkv.crypto.stream.Streams.HEADER;
import static io.sealedkv.crypto.stream.Streams.concat;
import static io.sealedkv.crypto.stream.Streams.segmentOffset;
import static io.sealedkv.crypto.stream.Streams.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.crypto.SealingException;
import io.sealedkv.crypto.stream.Streams.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentedAeadTest {
    private static final int S = 8;
    private static final int SEALED_SEGMENT = S + SegmentLayout.TAG_LENGTH;

    private final byte[] key = Streams.newKey();

    @Test
    void anEmptyPlaintextIsOneEmptyLastSegment() {
        byte[] sealed = Streams.seal(key, HEADER, S, new byte[0]);

        assertThat(sealed).hasSize(SegmentLayout.NONCE_PREFIX_LENGTH + SegmentLayout.TAG_LENGTH);
        assertRoundTrip(new byte[0], sealed);
    }

    @Test
    void exactlyOneSegment() {
        byte[] plaintext = Streams.randomBytes(S);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);

        assertThat(sealed).hasSize(segmentOffset(S, 1));
        assertRoundTrip(plaintext, sealed);
    }

    @Test
    void anExactMultipleOfTheSegmentSizeHasNoEmptyTrailingSegment() {
        byte[] plaintext = Streams.randomBytes(3 * S);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext, 1);

        assertThat(sealed).hasSize(segmentOffset(S, 3));
        assertRoundTrip(plaintext, sealed);
    }

    @Test
    void singleByteWritesGiveTheSameStream() throws IOException {
        byte[] plaintext = Streams.randomBytes(2 * S + 5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentedAeadWriter writer = new SegmentedAeadWriter(sink, key, HEADER, S)) {
            for (byte b : plaintext) {
                writer.write(b);
            }
        }

        assertThat(sink.size()).isEqualTo(segmentOffset(S, 2) + 5 + SegmentLayout.TAG_LENGTH);
        assertRoundTrip(plaintext, sink.toByteArray());
    }

    @Test
    void manySmallSegments() {
        byte[] plaintext = Streams.randomBytes(100_000);
        byte[] sealed = Streams.seal(key, HEADER, 16, plaintext, 997);

        assertThat(sealed).hasSize(SegmentLayout.NONCE_PREFIX_LENGTH + 6250 * 32);
        assertThat(Streams.read(key, HEADER, 16, sealed, 1).plaintext()).isEqualTo(plaintext);
        assertThat(Streams.read(key, HEADER, 16, sealed, 1 << 20).plaintext()).isEqualTo(plaintext);
    }

    @Test
    void defaultSegmentSize() throws IOException {
        byte[] plaintext = Streams.randomBytes(3 * SegmentLayout.DEFAULT_SEGMENT_SIZE + 5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentedAeadWriter writer = new SegmentedAeadWriter(sink, key, HEADER)) {
            writer.write(plaintext);
        }
        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(sink.toByteArray()), key,
                HEADER)) {
            assertThat(reader.readAllBytes()).isEqualTo(plaintext);
        }
        assertThat(sink.size()).isEqualTo(segmentOffset(SegmentLayout.DEFAULT_SEGMENT_SIZE, 3) + 5 + SegmentLayout.TAG_LENGTH);
    }

    @Test
    void everyFlippedBitNamesItsSegment() {
        for (int length : new int[] {0, 30, 32}) {
            byte[] plaintext = Streams.randomBytes(length);
            byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
            for (int offset = 0; offset < sealed.length; offset++) {
                int segment = Math.max(0, offset - SegmentLayout.NONCE_PREFIX_LENGTH) / SEALED_SEGMENT;
                for (int bit = 0; bit < 8; bit++) {
                    byte[] damaged = sealed.clone();
                    damaged[offset] ^= (byte) (1 << bit);

                    Outcome outcome = Streams.read(key, S, damaged);

                    assertAuthenticationFailure(outcome, segment);
                    assertThat(outcome.plaintext()).isEqualTo(slice(plaintext, 0, segment * S));
                }
            }
        }
    }

    @Test
    void noByteOfASegmentIsReturnedBeforeItVerifies() throws IOException {
        byte[] sealed = Streams.seal(key, HEADER, S, Streams.randomBytes(3 * S));
        sealed[segmentOffset(S, 1) - 1] ^= 1;
        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(sealed), key, HEADER, S)) {
            assertThatThrownBy(reader::read).isInstanceOf(StreamAuthenticationException.class)
                    .hasMessage("authentication failed at segment 0");
            assertThat(reader.available()).isZero();
        }
    }

    @Test
    void aFailureRepeatsOnEveryLaterRead() throws IOException {
        byte[] plaintext = Streams.randomBytes(3 * S);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        sealed[segmentOffset(S, 1)] ^= 1;
        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(sealed), key, HEADER, S)) {
            assertThat(reader.readNBytes(S)).isEqualTo(slice(plaintext, 0, S));
            SealingException first = catchSealing(reader);
            assertThat(first).isInstanceOf(StreamAuthenticationException.class);
            assertThat(catchSealing(reader)).isSameAs(first);
            assertThat(catchSealing(reader)).isSameAs(first);
        }
    }

    /**
     * Expected failure for a cut after {@code cut} bytes: inside the prefix, at a segment boundary
     * or leaving less than a tag of a segment, "truncated"; leaving at least a tag of a segment,
     * authentication failure at that segment.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 30, 32, 40})
    void aCutAtEveryOffsetIsDetected(int length) {
        byte[] plaintext = Streams.randomBytes(length);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        for (int cut = 0; cut < sealed.length; cut++) {
            Outcome outcome = Streams.read(key, S, slice(sealed, 0, cut));

            int afterPrefix = cut - SegmentLayout.NONCE_PREFIX_LENGTH;
            int whole = Math.max(0, afterPrefix) / SEALED_SEGMENT;
            int partial = Math.max(0, afterPrefix) % SEALED_SEGMENT;
            if (afterPrefix < 0 || partial < SegmentLayout.TAG_LENGTH) {
                long lastGood = afterPrefix < 0 ? -1 : whole - 1;
                assertThat(outcome.failure()).as("cut at %d", cut).isInstanceOf(StreamTruncatedException.class);
                assertThat(((StreamTruncatedException) outcome.failure()).lastGoodSegment()).isEqualTo(lastGood);
                assertThat(outcome.plaintext()).isEqualTo(slice(plaintext, 0, (int) (lastGood + 1) * S));
            } else {
                assertAuthenticationFailure(outcome, whole);
            }
        }
    }

    @Test
    void droppingTheLastSegmentsIsTruncation() {
        byte[] plaintext = Streams.randomBytes(4 * S + 3);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);

        Outcome lastDropped = Streams.read(key, S, slice(sealed, 0, segmentOffset(S, 4)));
        Outcome twoDropped = Streams.read(key, S, slice(sealed, 0, segmentOffset(S, 3)));

        assertThat(lastDropped.failure()).isInstanceOf(StreamTruncatedException.class)
                .hasMessage("stream truncated after segment 3");
        assertThat(lastDropped.plaintext()).isEqualTo(slice(plaintext, 0, 4 * S));
        assertThat(twoDropped.failure()).hasMessage("stream truncated after segment 2");
        assertThat(Streams.read(key, S, slice(sealed, 0, 3)).failure())
                .isInstanceOf(StreamTruncatedException.class).hasMessage("stream truncated before the first segment");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 8, 16, 21})
    void appendedBytesAreRefused(int length) {
        byte[] plaintext = Streams.randomBytes(length);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        int last = Math.max(0, (length - 1) / S);
        boolean lastIsFull = length > 0 && length % S == 0;
        for (int extra : new int[] {1, 15, 16, 40}) {
            Outcome outcome = Streams.read(key, S, concat(sealed, Streams.randomBytes(extra)));

            if (lastIsFull) {
                assertThat(outcome.failure()).isInstanceOf(StreamTrailingDataException.class)
                        .hasMessage("unexpected data after the last segment (segment " + last + ")");
                assertThat(((StreamTrailingDataException) outcome.failure()).lastSegment()).isEqualTo(last);
            } else {
                assertAuthenticationFailure(outcome, last);
            }
        }
    }

    @Test
    void swappedSegmentsFailAtTheFirstSwappedIndex() {
        byte[] plaintext = Streams.randomBytes(5 * S);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                byte[] swapped = sealed.clone();
                System.arraycopy(sealed, segmentOffset(S, j), swapped, segmentOffset(S, i), SEALED_SEGMENT);
                System.arraycopy(sealed, segmentOffset(S, i), swapped, segmentOffset(S, j), SEALED_SEGMENT);

                assertAuthenticationFailure(Streams.read(key, S, swapped), i);
            }
        }
    }

    @Test
    void aSegmentFromAnotherStreamUnderTheSameKeyIsRefused() {
        byte[] plaintext = Streams.randomBytes(4 * S);
        byte[] sealed = Streams.seal(key, HEADER, S, plaintext);
        byte[] sameHeader = Streams.seal(key, HEADER, S, plaintext);
        byte[] otherHeader = Streams.seal(key, "other".getBytes(), S, plaintext);
        for (byte[] donor : new byte[][] {sameHeader, otherHeader}) {
            for (int i = 0; i < 4; i++) {
                byte[] spliced = sealed.clone();
                System.arraycopy(donor, segmentOffset(S, i), spliced, segmentOffset(S, i), SEALED_SEGMENT);

                assertAuthenticationFailure(Streams.read(key, S, spliced), i);
            }
        }
        assertThat(slice(sameHeader, 0, SegmentLayout.NONCE_PREFIX_LENGTH))
                .isNotEqualTo(slice(sealed, 0, SegmentLayout.NONCE_PREFIX_LENGTH));
    }

    @Test
    void anotherHeaderKeyOrSegmentSizeFailsAtTheFirstSegment() {
        byte[] sealed = Streams.seal(key, HEADER, S, Streams.randomBytes(3 * S));

        assertAuthenticationFailure(Streams.read(key, "SEALEDKV-SNAPSHOT v2".getBytes(), S, sealed, 64), 0);
        assertAuthenticationFailure(Streams.read(Streams.newKey(), HEADER, S, sealed, 64), 0);
        assertAuthenticationFailure(Streams.read(key, HEADER, S + 1, sealed, 64), 0);
    }

    @Test
    void theWriterRefusesToGoBeyondTheSegmentLimit() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SegmentedAeadWriter writer = new SegmentedAeadWriter(sink, key, HEADER, 2, 3);
        writer.write(new byte[6]);

        assertThatThrownBy(() -> writer.write(7)).isInstanceOf(StreamTooLongException.class)
                .hasMessage("a stream holds at most 3 segments");
        writer.close();
        assertThat(Streams.read(key, HEADER, 2, sink.toByteArray(), 64).plaintext()).isEqualTo(new byte[6]);
    }

    @Test
    void theReaderRefusesAStreamBeyondTheSegmentLimit() throws IOException {
        byte[] three = Streams.seal(key, HEADER, 2, new byte[6]);
        byte[] four = Streams.seal(key, HEADER, 2, new byte[7]);

        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(three), key, HEADER, 2, 3)) {
            assertThat(reader.readAllBytes()).isEqualTo(new byte[6]);
        }
        try (SegmentedAeadReader reader = new SegmentedAeadReader(new ByteArrayInputStream(four), key, HEADER, 2, 3)) {
            assertThatThrownBy(reader::readAllBytes).isInstanceOf(StreamTooLongException.class);
        }
    }

    @Test
    void finishLeavesTheUnderlyingStreamOpenAndCloseClosesIt() throws IOException {
        CloseRecordingStream sink = new CloseRecordingStream();
        SegmentedAeadWriter writer = new SegmentedAeadWriter(sink, key, HEADER, S);
        writer.write(Streams.randomBytes(S + 1));
        writer.finish();

        assertThat(sink.closed).isFalse();
        assertThat(sink.size()).isEqualTo(segmentOffset(S, 1) + 1 + SegmentLayout.TAG_LENGTH);
        assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
        writer.close();
        writer.close();
        assertThat(sink.closed).isTrue();
        assertThat(sink.size()).isEqualTo(segmentOffset(S, 1) + 1 + SegmentLayout.TAG_LENGTH);
    }

    @Test
    void invalidParametersAreRefused() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new SegmentedAeadWriter(sink, new byte[16], HEADER, S))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a stream key must be 32 bytes, not 16");
        assertThatThrownBy(() -> new SegmentedAeadWriter(sink, key, HEADER, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentedAeadReader(new ByteArrayInputStream(new byte[0]), key, HEADER,
                SegmentLayout.MAX_SEGMENT_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sink.size()).isZero();
    }

    private void assertRoundTrip(byte[] plaintext, byte[] sealed) {
        for (int readSize : new int[] {1, 3, S, 1 << 16}) {
            Outcome outcome = Streams.read(key, HEADER, S, sealed, readSize);
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.plaintext()).isEqualTo(plaintext);
        }
    }

    private static void assertAuthenticationFailure(Outcome outcome, int segment) {
        assertThat(outcome.failure()).isInstanceOf(StreamAuthenticationException.class)
                .hasMessage("authentication failed at segment " + segment);
        assertThat(((StreamAuthenticationException) outcome.failure()).segment()).isEqualTo(segment);
    }

    private static SealingException catchSealing(SegmentedAeadReader reader) throws IOException {
        try {
            reader.read();
        } catch (SealingException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    private static final class CloseRecordingStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
