package io.sealedkv.engine.keys;

import java.util.function.LongSupplier;

/**
 * How long a rewrap waits after a step so that it reseals no more than {@code rewrap-keys-per-second}
 * values a second on average (0: no limit). The rate is read after every step, so CONFIG SET takes
 * effect at once; a changed rate starts a new measuring window, so time spent under the old rate is
 * neither owed nor credited.
 */
final class RewrapPace {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier keysPerSecond;
    private long rate;
    private long windowStart;
    private long windowKeys;

    RewrapPace(LongSupplier keysPerSecond) {
        this.keysPerSecond = keysPerSecond;
    }

    /** Nanoseconds to wait now, at {@code now} (nanoTime), after {@code keys} more values were resealed. */
    long delayAfter(long keys, long now) {
        long current = keysPerSecond.getAsLong();
        if (current != rate) {
            rate = current;
            windowStart = now;
            windowKeys = 0;
        }
        if (rate <= 0) {
            return 0;
        }
        windowKeys += keys;
        long due = windowStart + windowKeys * NANOS_PER_SECOND / rate;
        return Math.max(0, due - now);
    }
}
