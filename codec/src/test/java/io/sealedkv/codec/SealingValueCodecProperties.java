package io.sealedkv.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.SealingException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SealingValueCodecProperties {
    private final TestKeyRing keys = TestKeyRing.withRandomKey();
    private final SealingValueCodec codec = new SealingValueCodec(keys);

    @Property(tries = 400)
    void openReturnsWhatWasSealed(@ForAll("values") byte[] value, @ForAll("contexts") SealContext context) {
        byte[] sealed = codec.seal(context, value);

        assertThat(codec.open(context, sealed)).isEqualTo(value);
        assertThat(codec.keyVersion(sealed)).isEqualTo(keys.primary().version());
    }

    @Property(tries = 6)
    void largeValuesRoundTrip(@ForAll("largeValues") byte[] value, @ForAll("contexts") SealContext context) {
        assertThat(codec.open(context, codec.seal(context, value))).isEqualTo(value);
    }

    @Property(tries = 60)
    void flippingAnySingleBitMakesOpenFail(@ForAll("smallValues") byte[] value, @ForAll("contexts") SealContext context) {
        SealingValueCodec compressingEverything =
                new SealingValueCodec(keys, CodecOptions.DEFAULTS.withCompressMinBytes(0));
        byte[] sealed = compressingEverything.seal(context, value);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> compressingEverything.open(context, flipped))
                    .as("bit %d of %d", bit, sealed.length * 8)
                    .isInstanceOf(SealingException.class);
        }
    }

    @Property(tries = 300)
    void flippingARandomBitOfAnyValueMakesOpenFail(@ForAll("values") byte[] value,
                                                   @ForAll @IntRange(max = Integer.MAX_VALUE) int position) {
        SealContext context = SealContext.of(0, new byte[] {'k'});
        byte[] sealed = codec.seal(context, value);
        int bit = position % (sealed.length * 8);
        sealed[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThatThrownBy(() -> codec.open(context, sealed)).isInstanceOf(SealingException.class);
    }

    @Property(tries = 300)
    void aValueDoesNotOpenUnderAnotherContext(@ForAll("smallValues") byte[] value,
                                              @ForAll("contexts") SealContext context,
                                              @ForAll("contexts") SealContext other) {
        Assume.that(!context.equals(other));
        byte[] sealed = codec.seal(context, value);

        assertThatThrownBy(() -> codec.open(other, sealed)).isInstanceOf(SealingException.class);
    }

    @Property(tries = 300)
    void sealingTheSameValueTwiceGivesDifferentBytes(@ForAll("values") byte[] value,
                                                     @ForAll("contexts") SealContext context) {
        assertThat(codec.seal(context, value)).isNotEqualTo(codec.seal(context, value));
    }

    @Property(tries = 2000)
    void arbitraryBytesFailToOpenWithSealingExceptionsOnly(@ForAll("garbage") byte[] bytes,
                                                           @ForAll("contexts") SealContext context) {
        assertThatThrownBy(() -> codec.open(context, bytes)).isInstanceOf(SealingException.class);
        assertThat(catchThrowable(() -> codec.keyVersion(bytes))).satisfiesAnyOf(
                thrown -> assertThat(thrown).isNull(),
                thrown -> assertThat(thrown).isInstanceOf(SealingException.class));
    }

    @Property(tries = 200)
    void withCompressionOffTheEnvelopeIsThePlaintextPlus34Bytes(@ForAll("values") byte[] value,
                                                               @ForAll("contexts") SealContext context) {
        SealingValueCodec uncompressed = new SealingValueCodec(keys, CodecOptions.DEFAULTS.withCompression(false));
        byte[] sealed = uncompressed.seal(context, value);

        assertThat(sealed).hasSize(value.length + 34);
        assertThat(sealed[1]).isZero();
        assertThat(uncompressed.open(context, sealed)).isEqualTo(value);
    }

    @Property(tries = 100)
    void incompressibleValuesAreStoredUncompressed(@ForAll @IntRange(min = 200, max = 150_000) int length,
                                                   @ForAll long seed) {
        SealContext context = SealContext.of(0, new byte[] {'k'});
        byte[] sealed = codec.seal(context, TestValues.random(length, seed));

        assertThat(sealed).hasSize(length + EnvelopeV1.OVERHEAD);
        assertThat(sealed[1] & EnvelopeV1.FLAG_LZF).isZero();
    }

    @Property(tries = 100)
    void compressibleValuesAreStoredCompressed(@ForAll @IntRange(min = 1024, max = 150_000) int length,
                                                                @ForAll long seed) {
        SealContext context = SealContext.of(0, new byte[] {'k'});
        byte[] sealed = codec.seal(context, TestValues.jsonLike(length, seed));

        assertThat(sealed.length).isLessThan(length);
        assertThat(sealed[1] & EnvelopeV1.FLAG_LZF).isOne();
    }

    @Property(tries = 100)
    void valuesBelowTheThresholdAreNeverCompressed(@ForAll @IntRange(max = 199) int length, @ForAll long seed) {
        SealContext context = SealContext.of(0, new byte[] {'k'});
        byte[] sealed = codec.seal(context, TestValues.run(length, seed));

        assertThat(sealed).hasSize(length + EnvelopeV1.OVERHEAD);
        assertThat(sealed[1]).isZero();
    }

    @Provide
    Arbitrary<byte[]> values() {
        return TestValues.anyValue();
    }

    @Provide
    Arbitrary<byte[]> largeValues() {
        return TestValues.largeValue();
    }

    @Provide
    Arbitrary<byte[]> smallValues() {
        return TestValues.smallValue();
    }

    @Provide
    Arbitrary<SealContext> contexts() {
        return TestValues.context();
    }

    /** Random bytes, and random bytes behind a plausible header naming the ring's key version. */
    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> plausible = Combinators.combine(Arbitraries.integers().between(0, 3), tail)
                .as((flags, rest) -> {
                    byte[] bytes = new byte[6 + rest.length];
                    bytes[0] = EnvelopeV1.FORMAT_VERSION;
                    bytes[1] = (byte) flags.intValue();
                    bytes[5] = (byte) keys.primary().version();
                    System.arraycopy(rest, 0, bytes, 6, rest.length);
                    return bytes;
                });
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(120), plausible);
    }
}
