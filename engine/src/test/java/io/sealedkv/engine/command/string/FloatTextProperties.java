package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.command.CommandException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class FloatTextProperties {
    @Property
    void hexadecimalTextOfADoubleIsItsExactValue(@ForAll double value) {
        Assume.that(Double.isFinite(value));
        assertThat(FloatText.parseFinite(bytes(Double.toHexString(value)))).isEqualByComparingTo(new BigDecimal(value));
    }

    @Property
    void decimalTextIsItsExactValue(@ForAll BigDecimal value) {
        assertThat(FloatText.parseFinite(bytes(value.toString()))).isEqualByComparingTo(value);
        assertThat(FloatText.parseFinite(bytes(value.toPlainString()))).isEqualByComparingTo(value);
    }

    @Property
    void blanksAroundANumberAreRefused(@ForAll double value) {
        Assume.that(Double.isFinite(value));
        assertThatThrownBy(() -> FloatText.parseFinite(bytes(" " + value))).isInstanceOf(CommandException.class);
        assertThatThrownBy(() -> FloatText.parseFinite(bytes(value + "\t"))).isInstanceOf(CommandException.class);
    }

    @Example
    void strtoldForms() {
        assertThat(FloatText.parseFinite(bytes("0x.8"))).isEqualByComparingTo("0.5");
        assertThat(FloatText.parseFinite(bytes("-0X1P-2"))).isEqualByComparingTo("-0.25");
        assertThat(FloatText.parseFinite(bytes("+.5e1"))).isEqualByComparingTo("5");
        assertThat(FloatText.parseFinite(bytes("5."))).isEqualByComparingTo("5");
        assertThat(FloatText.parseFinite(bytes("0e999999999999"))).isEqualByComparingTo("0");
        assertThat(FloatText.isInfinity(bytes("-INFINITY"))).isTrue();
        assertThat(FloatText.isInfinity(bytes("+inf"))).isTrue();
        assertThat(FloatText.isInfinity(bytes("infx"))).isFalse();
    }

    @Example
    void textStrtoldStopsInsideOfIsRefused() {
        for (String text : new String[] {"", ".", "-", "0x", "0x1p", "1e", "1e+", ".e1", "++1", "1_0", "nan", "inf",
                                         "1\u0000", "0x1.8p1x", "1e99999999999999", "1e-99999999999999"}) {
            assertThatThrownBy(() -> FloatText.parseFinite(bytes(text))).as(text)
                    .isInstanceOf(CommandException.class).hasMessage("ERR value is not a valid float");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
