package io.sealedkv.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaveParametersTest {
    @Test
    void pairsAreReadLikeStrtollAndPrintedBack() {
        assertThat(SaveParameters.parse("")).isEmpty();
        assertThat(SaveParameters.parse("3600 1 300 100")).isEqualTo("3600 1 300 100");
        assertThat(SaveParameters.parse("01 +5")).isEqualTo("1 5");
        assertThat(SaveParameters.parse("\t1 -0")).isEqualTo("1 0");
        assertThat(SaveParameters.parse("1 ")).isEqualTo("1 0");
        assertThat(SaveParameters.parse("9999999999999999999999 4294967297")).isEqualTo("9223372036854775807 1");
    }

    @Test
    void anythingElseIsInvalid() {
        for (String text : new String[] {"abc", "1", "1 2 3", "0 0", "-1 5", "1 -1", "  ", " 10  20 ", "1 5 ",
                                         "1  5", "1 0x5", "1 5x", "\t", "+ 1"}) {
            assertThatThrownBy(() -> SaveParameters.parse(text)).as("'%s'", text)
                    .isInstanceOf(ConfigException.class).hasMessage("Invalid save parameters");
        }
    }
}
