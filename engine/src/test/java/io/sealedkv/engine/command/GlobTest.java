package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
