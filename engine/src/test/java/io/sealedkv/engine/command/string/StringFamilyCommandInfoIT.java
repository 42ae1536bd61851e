package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** COMMAND INFO for the range, bit, bitfield and LCS commands, flattened, as redis-server 7.0.15 gives it. */
class StringFamilyCommandInfoIT extends ServerPerClass {
    private static final String ONE_KEY = " begin_search type index spec index 1 find_keys type range spec lastkey 0"
            + " keystep 1 limit 0";
    private static final Map<String, String> EXPECTED = Map.of(
            "getrange", "getrange 4 readonly 1 1 1 @read @string @slow flags RO access" + ONE_KEY,
            "substr", "substr 4 readonly 1 1 1 @read @string @slow flags RO access" + ONE_KEY,
            "setrange", "setrange 4 write denyoom 1 1 1 @write @string @slow flags RW update" + ONE_KEY,
            "setbit", "setbit 4 write denyoom 1 1 1 @write @bitmap @slow flags RW access update" + ONE_KEY,
            "getbit", "getbit 3 readonly fast 1 1 1 @read @bitmap @fast flags RO access" + ONE_KEY,
            "bitcount", "bitcount -2 readonly 1 1 1 @read @bitmap @slow flags RO access" + ONE_KEY,
            "bitpos", "bitpos -3 readonly 1 1 1 @read @bitmap @slow flags RO access" + ONE_KEY,
            "bitfield_ro", "bitfield_ro -2 readonly fast 1 1 1 @read @bitmap @fast flags RO access" + ONE_KEY,
            "lcs", "lcs -3 readonly 1 2 1 @read @string @slow flags RO access begin_search type index spec index 1"
                    + " find_keys type range spec lastkey 1 keystep 1 limit 0");

    @Test
    void commandInfoMatchesRedis() {
        for (Map.Entry<String, String> command : EXPECTED.entrySet()) {
            List<String> words = new ArrayList<>();
            flatten(send.raw("COMMAND", "INFO", command.getKey()), words);
            assertThat(String.join(" ", words)).isEqualTo(command.getValue());
        }
    }

    @Test
    void bitmapCommandsAreInTheBitmapGroup() {
        List<String> words = new ArrayList<>();
        flatten(send.raw("COMMAND", "DOCS", "bitop", "lcs"), words);
        assertThat(String.join(" ", words)).contains("bitop summary Perform bitwise operations between strings"
                + " since 2.6.0 group bitmap complexity O(N)")
                .contains("lcs summary Find longest common substring since 7.0.0 group string complexity"
                + " O(N*M) where N and M are the lengths of s1 and s2, respectively");
    }

    private static void flatten(Object reply, List<String> words) {
        if (reply instanceof List<?> list) {
            for (Object item : list) {
                flatten(item, words);
            }
        } else if (reply instanceof byte[] bulk) {
            words.add(new String(bulk, StandardCharsets.UTF_8));
        } else {
            words.add(String.valueOf(reply));
        }
    }
}
