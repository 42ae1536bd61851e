package io.sealedkv.codec.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.TestKeyRing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The per-thread LZF workspace holds no plaintext after a seal, compressed or not. */
class LzfWorkspaceTest {
    private final TestKeyRing keys = TestKeyRing.withRandomKey();
    private final EnvelopeV1 envelope = new EnvelopeV1(CodecOptions.DEFAULTS);

    @Test
    void theWorkspaceIsWipedAfterACompressedSeal() {
        byte[] value = "patient-record-".repeat(40).getBytes(StandardCharsets.UTF_8);
        envelope.seal(keys.primary(), SealContext.of(0, new byte[] {'k'}), value);
        assertThat(Lzf.forCurrentThread().workspace(value.length)).containsOnly((byte) 0);
    }

    @Test
    void theWorkspaceIsWipedAfterAnIncompressibleAttempt() {
        byte[] value = new byte[400];
        new java.security.SecureRandom().nextBytes(value);
        envelope.seal(keys.primary(), SealContext.of(0, new byte[] {'k'}), value);
        assertThat(Lzf.forCurrentThread().workspace(value.length)).containsOnly((byte) 0);
    }
}
