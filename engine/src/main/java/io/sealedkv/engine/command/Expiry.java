package io.sealedkv.engine.command;

/**
 * An expiry argument as Redis reads it: a relative or absolute time in seconds or milliseconds, checked
 * (number, sign, overflow) when parsed, before the key is looked at, and turned into an absolute Unix time
 * in milliseconds with {@link #at} at the command's time under the lock, as Redis adds its one
 * command-time snapshot.
 *
 * @param millis   the time in milliseconds, absolute or relative
 * @param relative {@link #millis} is added to the command's time
 * @param command  the command's name, for the error
 */
public record Expiry(long millis, boolean relative, String command) {

    /**
     * The expiry for {@code arg}, its overflow checked against {@code now} (the clock before the lock).
     *
     * @param seconds  the argument is in seconds (EX, EXAT, EXPIRE, EXPIREAT)
     * @param absolute the argument is a Unix time (EXAT, PXAT, EXPIREAT, PEXPIREAT)
     * @param allowNonPositive EXPIRE-like commands accept zero and negative times (the key is deleted)
     */
    public static Expiry parse(byte[] arg, boolean seconds, boolean absolute, boolean allowNonPositive,
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
        Expiry expiry = new Expiry(value, !absolute, command);
        expiry.at(now);
        return expiry;
    }

    /** The absolute Unix time in milliseconds at the command's time {@code now}. */
    public long at(long now) {
        if (!relative) {
            return millis;
        }
        if (millis > Long.MAX_VALUE - now) { // as Redis: a time far in the past is just past (now >= 0)
            throw Errors.invalidExpireTime(command);
        }
        return millis + now;
    }
}
