package io.sealedkv.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.v1.EnvelopeV1;
import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.UnknownKeyVersionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SealingValueCodecTest {
    private static final SealContext CONTEXT = SealContext.of(0, "user:1".getBytes(UTF_8));

    private final TestKeyRing keys = TestKeyRing.withRandomKey();
    private final SealingValueCodec codec = new SealingValueCodec(keys);

    @Test
    void emptyAndOneByteValuesRoundTrip() {
        byte[] empty = codec.seal(CONTEXT, new byte[0]);
        byte[] one = codec.seal(CONTEXT, new byte[] {42});

        assertThat(empty).hasSize(EnvelopeV1.OVERHEAD);
        assertThat(codec.open(CONTEXT, empty)).isEmpty();
        assertThat(codec.open(CONTEXT, one)).containsExactly(42);
    }

    @Test
    void a64MibCompressibleValueRoundTrips() {
        byte[] value = TestValues.jsonLike(64 << 20, 7);

        byte[] sealed = codec.seal(CONTEXT, value);

        assertThat(sealed[1] & EnvelopeV1.FLAG_LZF).isOne();
        assertThat(sealed.length).isLessThan(value.length / 2);
        assertThat(codec.open(CONTEXT, sealed)).isEqualTo(value);
    }

    @Test
    void sealRefusesValuesAboveTheConfiguredMaximum() {
        SealingValueCodec small = new SealingValueCodec(keys, CodecOptions.DEFAULTS.withMaxValueBytes(1000));

        assertThat(small.open(CONTEXT, small.seal(CONTEXT, new byte[1000]))).hasSize(1000);
        assertThatThrownBy(() -> small.seal(CONTEXT, new byte[1001]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of 1001 bytes is larger than the limit of 1000 bytes");
    }

    @Test
    void openRefusesACompressedValueThatWouldExpandBeyondTheMaximum() {
        byte[] sealed = codec.seal(CONTEXT, TestValues.run(5000, 1));
        SealingValueCodec small = new SealingValueCodec(keys, CodecOptions.DEFAULTS.withMaxValueBytes(1000));

        assertThat(sealed).hasSizeLessThan(1000);
        assertThatThrownBy(() -> small.open(CONTEXT, sealed))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("compressed payload would expand beyond the limit of 1000 bytes");
    }

    @Test
    void valuesSealedBeforeARotationStillOpenAfterIt() {
        byte[] old = codec.seal(CONTEXT, "before".getBytes(UTF_8));

        int rotated = keys.rotate();
        byte[] fresh = codec.seal(CONTEXT, "after".getBytes(UTF_8));

        assertThat(codec.keyVersion(old)).isEqualTo(1);
        assertThat(codec.keyVersion(fresh)).isEqualTo(rotated).isEqualTo(2);
        assertThat(codec.open(CONTEXT, old)).asString(UTF_8).isEqualTo("before");
        assertThat(codec.open(CONTEXT, fresh)).asString(UTF_8).isEqualTo("after");
    }

    @Test
    void valuesUnderADestroyedVersionFailWithTheDestroyedError() {
        byte[] old = codec.seal(CONTEXT, "shredded".getBytes(UTF_8));
        keys.rotate();
        byte[] fresh = codec.seal(CONTEXT, "kept".getBytes(UTF_8));

        keys.destroy(1);

        assertThatThrownBy(() -> codec.open(CONTEXT, old))
                .isInstanceOf(DestroyedKeyVersionException.class)
                .hasMessage("data key version 1 was destroyed");
        assertThat(codec.open(CONTEXT, fresh)).asString(UTF_8).isEqualTo("kept");
    }

    @Test
    void aValueNamingAVersionTheRingNeverHadFailsWithTheUnknownError() {
        TestKeyRing other = new TestKeyRing().add(9, new byte[32]);
        byte[] sealed = new SealingValueCodec(other).seal(CONTEXT, "x".getBytes(UTF_8));

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(UnknownKeyVersionException.class)
                .hasMessage("unknown data key version 9");
    }

    @Test
    void anUnknownFormatVersionIsNamedWithTheSupportedOne() {
        byte[] sealed = codec.seal(CONTEXT, "x".getBytes(UTF_8));
        sealed[0] = 2;

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOfSatisfying(UnsupportedEnvelopeVersionException.class, e -> {
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.supported()).isEqualTo(1);
                })
                .hasMessage("sealed value has envelope format version 2; this build reads version 1");
        assertThatThrownBy(() -> codec.keyVersion(new byte[] {(byte) 0xC8}))
                .hasMessage("sealed value has envelope format version 200; this build reads version 1");
    }

    @Test
    void emptyShortAndUnknownFlagInputsAreMalformed() {
        byte[] sealed = codec.seal(CONTEXT, new byte[0]);
        byte[] truncated = Arrays.copyOf(sealed, EnvelopeV1.OVERHEAD - 1);
        byte[] badFlags = sealed.clone();
        badFlags[1] = (byte) 0x82;

        assertThatThrownBy(() -> codec.open(CONTEXT, new byte[0]))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value is empty");
        assertThatThrownBy(() -> codec.open(CONTEXT, truncated))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value is 33 bytes long; a version 1 envelope has at least 34");
        assertThatThrownBy(() -> codec.keyVersion(badFlags))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessage("sealed value sets flag bits 0x82 that version 1 does not define");
    }

    @Test
    void aChangedTagFailsAuthentication() {
        byte[] sealed = codec.seal(CONTEXT, "secret".getBytes(UTF_8));
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> codec.open(CONTEXT, sealed))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void theContextBindsDatabaseAndKeyName() {
        byte[] sealed = codec.seal(SealContext.of(1, "ab".getBytes(UTF_8)), "v".getBytes(UTF_8));

        assertThatThrownBy(() -> codec.open(SealContext.of(2, "ab".getBytes(UTF_8)), sealed))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> codec.open(SealContext.of(1, "a".getBytes(UTF_8)), sealed))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> codec.open(SealContext.of(1, "abc".getBytes(UTF_8)), sealed))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void compressedValuesStillOpenAfterCompressionIsSwitchedOff() {
        byte[] value = TestValues.jsonLike(10_000, 3);
        byte[] sealed = codec.seal(CONTEXT, value);
        SealingValueCodec off = new SealingValueCodec(keys, CodecOptions.DEFAULTS.withCompression(false));

        assertThat(sealed[1] & EnvelopeV1.FLAG_LZF).isOne();
        assertThat(off.open(CONTEXT, sealed)).isEqualTo(value);
    }

    @Test
    void threadsSealAndOpenConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> sealAndOpenMany(thread)));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void sealAndOpenMany(int thread) {
        for (int i = 0; i < 2000; i++) {
            SealContext context = SealContext.of(thread, ("key:" + i).getBytes(UTF_8));
            byte[] value = i % 2 == 0 ? TestValues.jsonLike(i, i) : TestValues.random(i % 300, i);
            assertThat(codec.open(context, codec.seal(context, value))).isEqualTo(value);
        }
    }
}
