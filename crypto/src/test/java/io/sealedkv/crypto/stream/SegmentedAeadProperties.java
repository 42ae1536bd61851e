package io.sealedkv.crypto.stream;

import static io.sealedkv.crypto.stream.Streams.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.crypto.stream.Streams.Outcome;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SegmentedAeadProperties {
    private static final byte[] KEY = Streams.newKey();

    /** One change to a sealed stream; positions are taken modulo the current length. */
    private interface Mutation {
        byte[] apply(byte[] stream);
    }

    @Property(tries = 300)
    void anyLengthRoundTripsWhateverTheWriteAndReadSizes(@ForAll @Size(max = 700) byte[] plaintext,
                                                         @ForAll @IntRange(min = 1, max = 40) int segmentSize,
                                                         @ForAll @IntRange(min = 1, max = 100) int writeSize,
                                                         @ForAll @IntRange(min = 2, max = 100) int readSize) {
        byte[] sealed = Streams.seal(KEY, HEADER, segmentSize, plaintext, writeSize);

        long segments = Math.max(1, (plaintext.length + segmentSize - 1) / segmentSize);
        assertThat(sealed).hasSize((int) (SegmentLayout.NONCE_PREFIX_LENGTH
                + segments * SegmentLayout.TAG_LENGTH + plaintext.length));
        for (int size : new int[] {1, readSize, 1 << 16}) {
            Outcome outcome = Streams.read(KEY, HEADER, segmentSize, sealed, size);
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.plaintext()).isEqualTo(plaintext);
        }
    }

    /**
     * Whatever is done to a stream, the reader either returns the original plaintext (the stream
     * came out unchanged) or fails with one of the stream exceptions after returning only whole,
     * original segments.
     */
    @Property(tries = 500)
    void mutationsFailOnlyWithStreamExceptionsAndReturnOnlyVerifiedSegments(
            @ForAll @Size(max = 120) byte[] plaintext,
            @ForAll @IntRange(min = 1, max = 24) int segmentSize,
            @ForAll @IntRange(min = 1, max = 50) int readSize,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] sealed = Streams.seal(KEY, HEADER, segmentSize, plaintext);
        byte[] mutated = sealed;
        for (Mutation mutation : mutations) {
            mutated = mutation.apply(mutated);
        }

        Outcome outcome = Streams.read(KEY, HEADER, segmentSize, mutated, readSize);

        if (Arrays.equals(mutated, sealed)) {
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.plaintext()).isEqualTo(plaintext);
        } else {
            assertStreamFailure(outcome, plaintext, segmentSize);
        }
    }

    @Property(tries = 300)
    void randomBytesFailOnlyWithStreamExceptions(@ForAll @Size(max = 300) byte[] garbage,
                                                 @ForAll @IntRange(min = 1, max = 64) int segmentSize) {
        Outcome outcome = Streams.read(KEY, HEADER, segmentSize, garbage, 7);

        assertStreamFailure(outcome, new byte[0], segmentSize);
    }

    private static void assertStreamFailure(Outcome outcome, byte[] plaintext, int segmentSize) {
        assertThat(outcome.failure()).isNotNull().isInstanceOfAny(StreamAuthenticationException.class,
                StreamTruncatedException.class, StreamTrailingDataException.class);
        byte[] returned = outcome.plaintext();
        assertThat(returned.length % segmentSize).isZero();
        assertThat(returned).isEqualTo(Arrays.copyOf(plaintext, returned.length));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 10_000);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
        return Arbitraries.oneOf(
                Combinators.combine(position, Arbitraries.integers().between(1, 255))
                        .as(SegmentedAeadProperties::flip),
                Combinators.combine(position, bytes).as(SegmentedAeadProperties::insert),
                Combinators.combine(position, Arbitraries.integers().between(1, 40))
                        .as(SegmentedAeadProperties::delete),
                position.map(SegmentedAeadProperties::cut),
                bytes.map(SegmentedAeadProperties::append)).list().ofMinSize(1).ofMaxSize(4);
    }

    private static Mutation flip(int position, int mask) {
        return stream -> {
            if (stream.length == 0) {
                return stream;
            }
            byte[] copy = stream.clone();
            copy[position % copy.length] ^= (byte) mask;
            return copy;
        };
    }

    private static Mutation insert(int position, byte[] inserted) {
        return stream -> {
            int at = position % (stream.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(stream, 0, at);
            out.writeBytes(inserted);
            out.write(stream, at, stream.length - at);
            return out.toByteArray();
        };
    }

    private static Mutation delete(int position, int length) {
        return stream -> {
            int at = position % (stream.length + 1);
            int end = Math.min(stream.length, at + length);
            return Streams.concat(Arrays.copyOfRange(stream, 0, at), Arrays.copyOfRange(stream, end, stream.length));
        };
    }

    private static Mutation cut(int position) {
        return stream -> Arrays.copyOf(stream, position % (stream.length + 1));
    }

    private static Mutation append(byte[] appended) {
        return stream -> Streams.concat(stream, appended);
    }
}
