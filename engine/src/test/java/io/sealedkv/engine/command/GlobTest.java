package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
        "*, anything, true",
        "h?llo, hello, true",
        "h?llo, hllo, false",
        "h*llo, heeeello, true",
        "h[ae]llo, hallo, true",
        "h[ae]llo, hillo, false",
        "h[^e]llo, hallo, true",
        "h[^e]llo, hello, false",
        "h[a-b]llo, hbllo, true",
        "h[a-b]llo, hcllo, false",
        "h\\*llo, h*llo, true",
        "h\\*llo, hello, false",
        "user:*:name, user:42:name, true",
        "user:*:name, user:42:mail, false",
        "*a*b*c, xaxbxc, true",
        "abc, ABC, false"
    })
    void matchesLikeRedis(String pattern, String text, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(text), false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"MAX*, maxclients, true", "max?lients, MAXCLIENTS, true", "[A-C]*, bind, true"})
    void ignoresCaseWhenAsked(String pattern, String text, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(text), true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvFileSource(resources = "/glob/redis-7.0-keys.tsv", delimiter = '\t', quoteCharacter = '\u0001',
            ignoreLeadingAndTrailingWhitespace = false, nullValues = {})
    void agreesWithRedisKeys(String pattern, String key, boolean listedByRedis) {
        assertThat(Glob.matches(percentDecoded(pattern), percentDecoded(key), false)).isEqualTo(listedByRedis);
    }

    @Test
    void manyStarsAgainstALongKeyTakeAtMostPatternTimesKeySteps() {
        byte[] pattern = bytes("*a".repeat(40) + "*b");
        byte[] key = bytes("a".repeat(2000));
        Glob.Match match = new Glob.Match(pattern, key, false);

        assertThat(match.run()).isFalse();
        assertThat(match.steps()).isLessThanOrEqualTo((long) (pattern.length + 1) * (key.length + 1));
    }

    private static byte[] percentDecoded(String text) {
        if (text == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
