package io.sealedkv.codec.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.ning.compress.lzf.LZFDecoder;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.TestKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values sealed by the first release of format 1 must open in every later build. */
class EnvelopeV1GoldenTest {
    private final SealingValueCodec codec = new SealingValueCodec(new TestKeyRing()
            .add(1, GoldenCase.KEYS.get(1))
            .add(2, GoldenCase.KEYS.get(2)));

    @ParameterizedTest
    @ValueSource(strings = {"empty", "small", "compressed"})
    void goldenValuesOpen(String name) {
        GoldenCase golden = GoldenCase.load(name);

        assertThat(codec.open(golden.context(), golden.sealed())).isEqualTo(golden.plaintext());
        assertThat(codec.keyVersion(golden.sealed())).isEqualTo(golden.keyVersion());
        assertThat(golden.sealed()[1]).isEqualTo((byte) golden.flags());
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "small", "compressed"})
    void goldenValuesMatchTheWrittenSpec(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);

        byte[] payload = SpecEnvelope.openPayload(GoldenCase.KEYS.get(golden.keyVersion()), golden.context(), golden.sealed());

        assertThat(golden.flags() == 0 ? payload : LZFDecoder.safeDecode(payload)).isEqualTo(golden.plaintext());
    }

    @Test
    void theGoldenFilesCoverBothPayloadForms() {
        assertThat(GoldenCase.load("small").flags()).isZero();
        assertThat(GoldenCase.load("compressed").flags()).isEqualTo(EnvelopeV1.FLAG_LZF);
        assertThat(GoldenCase.load("empty").plaintext()).isEmpty();
    }
}
