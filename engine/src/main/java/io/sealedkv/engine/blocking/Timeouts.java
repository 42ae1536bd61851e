package io.sealedkv.engine.blocking;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.string.FloatText;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The timeout argument of a blocking command as Redis 7.0 reads it: seconds as a long double (strtold:
 * decimal, hexadecimal, INF; not NaN), times 1000 rounded up to whole milliseconds. 0 (also what rounds
 * to 0, such as -0.0001) blocks for ever. A value whose milliseconds do not fit a signed 64-bit integer
 * (INF among them) converts to the most negative one in C, so Redis calls it negative, as does this.
 */
public final class Timeouts {
    /** A timeout that never fires. */
    public static final long FOREVER = 0;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    private Timeouts() {
    }

    /** A timeout in whole milliseconds (WAIT, CLIENT PAUSE): an integer, not negative. */
    public static long parseMillis(byte[] arg) {
        Long millis = Args.tryParseLong(arg);
        if (millis == null) {
            throw new CommandException("ERR timeout is not an integer or out of range");
        }
        if (millis < 0) {
            throw negative();
        }
        return millis;
    }

    /** Milliseconds to wait, {@link #FOREVER} for 0. */
    public static long parseSeconds(byte[] arg) {
        if (FloatText.isInfinity(arg)) {
            throw negative();
        }
        BigDecimal seconds;
        try {
            seconds = FloatText.parseFinite(arg);
        } catch (CommandException e) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        BigDecimal millis = seconds.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (millis.compareTo(LONG_MAX) > 0 || millis.compareTo(LONG_MIN) < 0 || millis.signum() < 0) {
            throw negative();
        }
        return millis.longValue();
    }

    private static CommandException negative() {
        return new CommandException("ERR timeout is negative");
    }
}
