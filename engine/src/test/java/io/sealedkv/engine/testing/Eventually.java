package io.sealedkv.engine.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread or the server makes true, failing after a deadline. */
public final class Eventually {
    private Eventually() {
    }

    public static void until(Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
