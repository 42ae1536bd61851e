package io.sealedkv.tools.rdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.tools.CommandFailedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** What import-rdb and export-rdb share: the codec as the server builds it, the configuration, JSON. */
final class MigrationSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MigrationSupport() {
    }

    /** The server's codec over {@code keystore}: default compression, the largest value the codec allows. */
    static ValueCodec codec(Keystore keystore) {
        return new SealingValueCodec(keystore, CodecOptions.DEFAULTS.withMaxValueBytes(CodecOptions.MAX_VALUE_BYTES_LIMIT));
    }

    /** The server's default configuration with {@code databases} databases. */
    static Config config(int databases) {
        if (databases < 1) {
            throw new CommandFailedException("--databases must be at least 1");
        }
        Config config = new Config();
        config.set(List.of(Map.entry("databases", Integer.toString(databases))), true);
        return config;
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "string 3, hash 2" */
    static String counts(Map<String, Long> byType) {
        StringBuilder text = new StringBuilder();
        byType.forEach((type, n) -> text.append(text.length() == 0 ? "" : ", ").append(type).append(' ').append(n));
        return text.toString();
    }
}
