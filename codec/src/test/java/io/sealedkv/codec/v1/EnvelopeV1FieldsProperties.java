package io.sealedkv.codec.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.TestKeyRing;
import io.sealedkv.codec.TestValues;
import io.sealedkv.crypto.SealingException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Split and assemble round trip every envelope the codec writes, and refuse anything else with codec exceptions. */
class EnvelopeV1FieldsProperties {
    private final TestKeyRing keys = TestKeyRing.withRandomKey();
    /** Compresses from 0 bytes on, so LZF-flagged envelopes come up as often as plain ones. */
    private final SealingValueCodec codec = new SealingValueCodec(keys, CodecOptions.DEFAULTS.withCompressMinBytes(0));

    @Property(tries = 400)
    void splitThenAssembleGivesTheSameBytesWhichStillOpen(@ForAll("values") byte[] value,
                                                          @ForAll("contexts") SealContext context) {
        byte[] sealed = codec.seal(context, value);

        EnvelopeV1.Fields fields = EnvelopeV1.split(sealed);
        byte[] assembled = EnvelopeV1.assemble(fields, sealed);

        assertThat(assembled).isEqualTo(sealed);
        assertThat(fields.keyVersion()).isEqualTo(keys.primary().version());
        assertThat(fields.sealedPayloadLength()).isEqualTo(sealed.length - EnvelopeV1.HEADER_LENGTH);
        assertThat(codec.open(context, assembled)).isEqualTo(value);
    }

    @Property(tries = 400)
    void anyFieldsAssembleToAnEnvelopeThatSplitsIntoThemAgain(@ForAll @IntRange(max = 1) int flags, @ForAll int keyVersion,
                                                            @ForAll int nonceFixed, @ForAll long nonceCounter,
                                                            @ForAll @IntRange(max = 300) int payloadLength,
                                                            @ForAll @IntRange(max = 20) int offset) {
        byte[] source = new byte[offset + 16 + payloadLength];
        EnvelopeV1.Fields fields = new EnvelopeV1.Fields(1, flags, keyVersion, nonceFixed, nonceCounter, offset,
                16 + payloadLength);

        byte[] assembled = EnvelopeV1.assemble(fields, source);

        assertThat(EnvelopeV1.split(assembled))
                .isEqualTo(new EnvelopeV1.Fields(1, flags, keyVersion, nonceFixed, nonceCounter, 18, 16 + payloadLength));
    }

    @Property(tries = 1000)
    void garbledInputIsRefusedWithCodecExceptionsOnly(@ForAll("garbage") byte[] bytes) {
        Throwable thrown = catchThrowable(() -> EnvelopeV1.assemble(EnvelopeV1.split(bytes), bytes));
        if (thrown == null) {
            assertThat(EnvelopeV1.assemble(EnvelopeV1.split(bytes), bytes)).isEqualTo(bytes);
        } else {
            assertThat(thrown).isInstanceOf(SealingException.class);
        }
    }

    @Property(tries = 1000)
    void garbledFieldsAreRefusedWithCodecExceptionsOrABoundsMessage(@ForAll int formatVersion, @ForAll int flags,
                                                                    @ForAll @IntRange(min = -5, max = 100) int offset,
                                                                    @ForAll @IntRange(min = -5, max = 100) int length) {
        byte[] source = new byte[64];
        Throwable thrown = catchThrowable(() -> EnvelopeV1.assemble(
                new EnvelopeV1.Fields(formatVersion, flags, 1, 2, 3, offset, length), source));
        if (thrown != null) {
            assertThat(thrown).satisfiesAnyOf(
                    t -> assertThat(t).isInstanceOf(SealingException.class),
                    t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
        }
    }

    @Provide
    Arbitrary<byte[]> values() {
        return Arbitraries.oneOf(TestValues.anyValue(), Arbitraries.just(new byte[0]));
    }

    @Provide
    Arbitrary<SealContext> contexts() {
        return TestValues.context();
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> versionOne = random.map(bytes -> {
            byte[] copy = bytes.clone();
            if (copy.length > 0) {
                copy[0] = EnvelopeV1.FORMAT_VERSION;
            }
            return copy;
        });
        return Arbitraries.oneOf(random, versionOne);
    }
}
