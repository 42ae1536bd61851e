package io.sealedkv.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecOptionsTest {
    @Test
    void defaultsCompressFrom200BytesAndAllowRedisBulkSize() {
        assertThat(CodecOptions.DEFAULTS).isEqualTo(new CodecOptions(true, 200, 512 * 1024 * 1024));
        assertThat(CodecOptions.DEFAULTS.triesCompression(199)).isFalse();
        assertThat(CodecOptions.DEFAULTS.triesCompression(200)).isTrue();
        assertThat(CodecOptions.DEFAULTS.withCompression(false).triesCompression(1 << 20)).isFalse();
    }

    @Test
    void eachWithChangesOneSetting() {
        CodecOptions options = CodecOptions.DEFAULTS.withCompressMinBytes(64).withMaxValueBytes(4096);

        assertThat(options).isEqualTo(new CodecOptions(true, 64, 4096));
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> CodecOptions.DEFAULTS.withCompressMinBytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compressMinBytes must not be negative: -1");
        assertThatThrownBy(() -> CodecOptions.DEFAULTS.withMaxValueBytes(CodecOptions.MAX_VALUE_BYTES_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxValueBytes must be 0..1073741824, not 1073741825");
        assertThatThrownBy(() -> CodecOptions.DEFAULTS.withMaxValueBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
