package io.sealedkv.engine.command.string;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT arithmetic. Redis adds in 80-bit long double and prints 17 decimals with trailing zeros
 * removed; adding the decimal texts exactly and rounding to 17 decimals gives the same text for the
 * values people use (0.1 + 0.2 is {@code 0.3}, not {@code 0.30000000000000004}).
 */
final class FloatIncrement {
    static final FloatIncrement ZERO = new FloatIncrement(BigDecimal.ZERO);
    private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");

    private final BigDecimal value;

    private FloatIncrement(BigDecimal value) {
        this.value = value;
    }

    static FloatIncrement parse(byte[] text) {
        double approximate = Args.parseDouble(text);
        if (Double.isInfinite(approximate)) {
            throw nanOrInfinity();
        }
        try {
            return new FloatIncrement(new BigDecimal(Text.of(text)));
        } catch (NumberFormatException e) {
            throw Errors.notFloat();
        }
    }

    String add(FloatIncrement other) {
        BigDecimal sum = value.add(other.value);
        if (sum.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
            throw nanOrInfinity();
        }
        BigDecimal rounded = sum.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    private static CommandException nanOrInfinity() {
        return new CommandException("ERR increment would produce NaN or Infinity");
    }
}
