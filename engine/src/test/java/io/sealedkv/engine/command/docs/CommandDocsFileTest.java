package io.sealedkv.engine.command.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.command.docs.CommandArgument.Flag;
import io.sealedkv.engine.command.docs.CommandArgument.Type;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandDocsFileTest {
    private static final String HEADER = "sealedkv-command-docs\t1\n";
    private static final String GET = "command\tget\nsummary\tGet the value of a key\nsince\t1.0.0\ngroup\tstring\n";

    @Test
    void readsNestedArgumentsHistoryAndFlags() throws IOException {
        Map<String, CommandDoc> docs = read(HEADER + "# a comment\n\n" + GET
                + "complexity\tO(1)\ndoc_flags\tdeprecated\tsyscmd\ndeprecated_since\t6.2.0\nreplaced_by\t`GETEX`\n"
                + "history\t2.6.12\tAdded the `EX` option.\n"
                + "arg\t0\tkey\tkey\tkey_spec_index=0\n"
                + "arg\t0\tcondition\toneof\tsince=2.6.12\tflags=optional\n"
                + "arg\t1\tnx\tpure-token\ttoken=NX\n"
                + "arg\t1\tpair\tblock\tflags=multiple,optional\n"
                + "arg\t2\tempty\tstring\ttoken=\tdeprecated_since=7.0.0\n"
                + "arg\t0\tcount\tinteger\n");
        CommandDoc get = docs.get("get");
        assertThat(get.summary()).isEqualTo("Get the value of a key");
        assertThat(get.docFlags()).containsExactly(CommandDoc.DocFlag.DEPRECATED, CommandDoc.DocFlag.SYSCMD);
        assertThat(get.history()).containsExactly(new CommandDoc.History("2.6.12", "Added the `EX` option."));
        assertThat(get.arguments()).extracting(CommandArgument::name).containsExactly("key", "condition", "count");
        assertThat(get.arguments().get(0).keySpecIndex()).isZero();
        CommandArgument condition = get.arguments().get(1);
        assertThat(condition.flags()).containsExactly(Flag.OPTIONAL);
        assertThat(condition.arguments()).extracting(CommandArgument::name).containsExactly("nx", "pair");
        CommandArgument pair = condition.arguments().get(1);
        assertThat(pair.flags()).containsExactly(Flag.OPTIONAL, Flag.MULTIPLE);
        assertThat(pair.arguments().get(0)).isEqualTo(new CommandArgument("empty", Type.STRING, -1, "", null,
                "7.0.0", Set.of(), List.of()));
    }

    @Test
    void theResourceIsExactlyWhatTheWriterWritesForWhatTheReaderReads() throws IOException {
        byte[] resource;
        try (InputStream in = CommandDocsFile.class.getResourceAsStream(CommandDocsFile.REDIS_RESOURCE)) {
            resource = in.readAllBytes();
        }
        String text = new String(resource, StandardCharsets.UTF_8);
        String comment = String.join("\n", text.lines().skip(1).takeWhile(line -> line.startsWith("# "))
                .map(line -> line.substring(2)).toList());
        StringBuilder rewritten = new StringBuilder();
        CommandDocsFile.write(CommandDocsFile.redis(), comment, rewritten);
        assertThat(rewritten.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        no header                    | command\\tget\\n                                  | not a command docs file
        a newer format               | sealedkv-command-docs\\t2\\n                        | format version 2 not supported
        a field before any command   | HEADER summary\\tx\\n                              | summary before the first command
        an unknown record            | HEADER GET usage\\tx\\n                      | unknown record 'usage'
        a field given twice          | HEADER GET since\\t2.0.0\\n                        | since given twice for get
        a command described twice    | HEADER GET GET                                     | 'get' is empty or described twice
        a missing group              | HEADER command\\tget\\nsummary\\tx\\nsince\\t1.0.0\\n | needs a summary, since and group
        a record with a TAB too many | HEADER GET complexity\\tO(1)\\textra\\n            | complexity takes 1 field(s), not 2
        an unknown doc flag          | HEADER GET doc_flags\\tobsolete\\n                 | unknown doc flag: obsolete
        an unknown argument type     | HEADER GET arg\\t0\\tkey\\tbytes\\n                 | unknown argument type: bytes
        an unknown argument flag     | HEADER GET arg\\t0\\tkey\\tkey\\tflags=rare\\n       | unknown argument flag: rare
        an unknown attribute         | HEADER GET arg\\t0\\tkey\\tkey\\tcolor=red\\n        | unknown attribute 'color=red'
        an attribute given twice     | HEADER GET arg\\t0\\tkey\\tkey\\ttoken=A\\ttoken=B\\n | token given twice
        a negative key spec index    | HEADER GET arg\\t0\\tkey\\tkey\\tkey_spec_index=-1\\n | key_spec_index is not a non-negative number
        a depth without a parent     | HEADER GET arg\\t1\\tkey\\tkey\\n                   | has no parent at depth 0
        a child of a plain argument  | HEADER GET arg\\t0\\tkey\\tkey\\narg\\t1\\tnx\\tpure-token\\n | nested in key, which is neither oneof nor block
        a oneof without choices      | HEADER GET arg\\t0\\tcondition\\toneof\\n           | needs nested arguments
        an empty file                |                                                    | empty
        """)
    void refusesAMalformedFile(String why, String content, String message) {
        String text = content == null ? "" : content.replace("\\t", "\t").replace("\\n", "\n")
                .replace("HEADER ", HEADER).replace("GET ", GET).replace("GET", GET);
        assertThatThrownBy(() -> read(text)).as(why).isInstanceOf(CommandDocsFile.MalformedException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theWriterRefusesTextTheFormatCannotHold() {
        CommandDoc doc = CommandDoc.of("two\nlines", "1.0.0", "string", null, List.of());
        assertThatThrownBy(() -> CommandDocsFile.write(Map.of("get", doc), "", new StringBuilder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TAB or line break");
    }

    private static Map<String, CommandDoc> read(String text) throws IOException {
        return CommandDocsFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
