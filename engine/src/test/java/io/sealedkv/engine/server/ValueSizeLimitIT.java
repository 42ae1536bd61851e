package io.sealedkv.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A value the protocol accepts but the codec cannot seal gets Redis's size error, not an internal error. */
class ValueSizeLimitIT {
    private static final int CODEC_LIMIT = 1024;

    @Test
    void valuesOverTheCodecLimitAreRefusedAsTooLong() {
        try (TestServer server = TestServer.start(CodecOptions.DEFAULTS.withMaxValueBytes(CODEC_LIMIT));
             Jedis jedis = server.jedis()) {
            String tooLong = "v".repeat(CODEC_LIMIT + 1);

            assertThatThrownBy(() -> jedis.set("k", tooLong))
                    .hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            jedis.set("k", "v".repeat(CODEC_LIMIT));
            assertThatThrownBy(() -> jedis.append("k", "w"))
                    .hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            assertThat(jedis.strlen("k")).isEqualTo(CODEC_LIMIT);
        }
    }
}
