package io.sealedkv.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ArgsProperties {
    @Property
    void everyLongRoundTripsThroughItsDecimalText(@ForAll long value) {
        assertThat(Args.tryParseLong(bytes(Long.toString(value)))).isEqualTo(value);
    }

    @Property
    void textThatIsNotCanonicalIsRefused(@ForAll long value) {
        assertThat(Args.tryParseLong(bytes(" " + value))).isNull();
        assertThat(Args.tryParseLong(bytes(value + " "))).isNull();
        assertThat(Args.tryParseLong(bytes("0" + Math.abs(value % 1000 + 1000)))).isNull();
    }

    @Example
    void redisRulesForEdgeCases() {
        assertThat(Args.tryParseLong(bytes("+1"))).isNull();
        assertThat(Args.tryParseLong(bytes("-0"))).isNull();
        assertThat(Args.tryParseLong(bytes("-"))).isNull();
        assertThat(Args.tryParseLong(bytes(""))).isNull();
        assertThat(Args.tryParseLong(bytes("9223372036854775808"))).isNull();
        assertThat(Args.tryParseLong(bytes("-9223372036854775809"))).isNull();
        assertThat(Args.tryParseLong(bytes("1.0"))).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
