package io.sealedkv.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusParserTest {

    @Test
    void blankLinesSeparateBlocksAndDirectivesApplyToTheirBlock() {
        List<CaseBlock> blocks = CorpusParser.parse("t", "# header\n\nSET a 1\nGET a\n\n@resp3\nPING\n\n\n"
                + "@known it differs\nECHO x\n");

        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).commands()).extracting(CaseCommand::line).containsExactly(3, 4);
        assertThat(blocks.get(0).resp3()).isFalse();
        assertThat(blocks.get(1).resp3()).isTrue();
        assertThat(blocks.get(1).line()).isEqualTo(6);
        assertThat(blocks.get(2).known()).isEqualTo("it differs");
        assertThat(blocks.get(2).resp3()).isFalse();
    }

    @Test
    void argumentsAreQuotedLikeRedisCli() {
        CaseCommand command = only("SET \"a b\" \"\\x00\\xff\\r\\n\\\"\\\\\" '' 'it\\'s \\x00' plain");

        assertThat(command.args()).containsExactly(
                ascii("SET"), ascii("a b"), new byte[] {0, (byte) 0xff, '\r', '\n', '"', '\\'}, new byte[0],
                ascii("it's \\x00"), ascii("plain"));
    }

    @Test
    void comparisonPrefixesAreParsed() {
        assertThat(only("~sort KEYS *").comparison()).isInstanceOf(Comparison.Sorted.class);
        assertThat(only("~scan SCAN 0").comparison()).isInstanceOf(Comparison.FullScan.class);
        assertThat(only("~shape TIME").comparison()).isInstanceOf(Comparison.Shape.class);
        CaseCommand within = only("~within 2 TTL k");
        assertThat(within.comparison()).isEqualTo(new Comparison.Within(2));
        assertThat(within.args()).containsExactly(ascii("TTL"), ascii("k"));
        assertThat(only("TTL k").comparison()).isEqualTo(Comparison.EXACT);
    }

    @Test
    void malformedLinesNameTheirLine() {
        assertThatThrownBy(() -> CorpusParser.parse("f", "PING\nECHO \"open\n"))
                .hasMessageContaining("f:2").hasMessageContaining("unbalanced double quote");
        assertThatThrownBy(() -> CorpusParser.parse("f", "ECHO \"a\"b\n")).hasMessageContaining("closing quote");
        assertThatThrownBy(() -> CorpusParser.parse("f", "~fuzzy GET a\n")).hasMessageContaining("~fuzzy");
        assertThatThrownBy(() -> CorpusParser.parse("f", "@resp4\nPING\n")).hasMessageContaining("@resp4");
        assertThatThrownBy(() -> CorpusParser.parse("f", "@resp3\n# nothing\n")).hasMessageContaining("no command");
    }

    private static CaseCommand only(String line) {
        List<CaseBlock> blocks = CorpusParser.parse("t", line + "\n");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).commands()).hasSize(1);
        return blocks.get(0).commands().get(0);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
