package io.sealedkv.engine.command;

/**
 * Expiry arguments as Redis reads them: a relative or absolute time in seconds or milliseconds,
 * turned into an absolute Unix time in milliseconds, with Redis's overflow and range checks.
 */
public final class Expiry {
    private Expiry() {
    }

    /**
     * The absolute expiry for {@code arg}.
     *
     * @param seconds  the argument is in seconds (EX, EXAT, EXPIRE, EXPIREAT)
     * @param absolute the argument is a Unix time (EXAT, PXAT, EXPIREAT, PEXPIREAT)
     * @param allowNonPositive EXPIRE-like commands accept zero and negative times (the key is deleted)
     */
    public static long parse(byte[] arg, boolean seconds, boolean absolute, boolean allowNonPositive,
                             long now, String command) {
        long value = Args.parseLong(arg);
        if (!allowNonPositive && value <= 0) {
            throw Errors.invalidExpireTime(command);
        }
        if (seconds) {
            if (value > Long.MAX_VALUE / 1000 || value < Long.MIN_VALUE / 1000) {
                throw Errors.invalidExpireTime(command);
            }
            value *= 1000;
        }
        if (!absolute) {
            if (value > Long.MAX_VALUE - now || value < Long.MIN_VALUE + now) {
                throw Errors.invalidExpireTime(command);
            }
            value += now;
        }
        return value;
    }
}
