package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scores read as strtod reads them and printed as printf("%.17g"), values checked against redis-server 7.0. */
class ScoresTest {
    private static Double strict(String text) {
        return Scores.parseStrict(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Double bound(String text) {
        return Scores.parseBound(text.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1|0.10000000000000001", "1|1", "-0.0|-0", "1e17|1e+17", "123456789012345678|1.2345678901234568e+17",
        "1e-5|1.0000000000000001e-05", "0.0001|0.0001", "1e16|10000000000000000", "2.5|2.5",
        "-2.5e-7|-2.4999999999999999e-07", "4503599627370496|4503599627370496", "1e100|1e+100",
        "3.14159265358979|3.14159265358979", "1.5e300|1.5000000000000001e+300", "1e-310|9.9999999999999694e-311",
        "0.3|0.29999999999999999", "100.5|100.5", "1e15|1000000000000000", "12345.678|12345.678",
        "inf|inf", "-inf|-inf"})
    void printsLikePrintf17g(String text, String printed) {
        assertThat(Scores.format(strict(text))).isEqualTo(printed);
    }

    @Test
    void strictReadingRefusesWhatZaddRefuses() {
        for (String bad : new String[] {"", " 1", "1 ", "nan", "-nan", "1e400", "-1e400", "1e-400", "abc", "1x",
            "0x", "inf1", "++1", "--1", "."}) {
            assertThat(strict(bad)).as(bad).isNull();
        }
        assertThat(strict("0x10")).isEqualTo(16.0);
        assertThat(strict("0x1p-2")).isEqualTo(0.25);
        assertThat(strict("1e-310")).isEqualTo(1e-310);
        assertThat(strict("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(strict("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(strict("1.")).isEqualTo(1.0);
        assertThat(strict(".5")).isEqualTo(0.5);
        assertThat(strict("007")).isEqualTo(7.0);
        assertThat(strict("1e5")).isEqualTo(100000.0);
        assertThat(strict("1e")).isNull();
    }

    @Test
    void boundsAreReadLikeZrangebyscore() {
        assertThat(bound("")).isEqualTo(0.0);
        assertThat(bound(" 2")).isEqualTo(2.0);
        assertThat(bound("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(bound("2\u0000junk")).isEqualTo(2.0);
        assertThat(bound("nan")).isNull();
        assertThat(bound("2 ")).isNull();
        assertThat(bound("x")).isNull();
    }
}
