package io.sealedkv.engine.pubsub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of pushed messages written to one connection but not yet taken by its socket, against
 * the pubsub class of {@code client-output-buffer-limit}: a subscriber that stops reading is
 * disconnected instead of growing the server's memory without bound.
 */
public final class PushOutput {
    private final AtomicLong pending = new AtomicLong();
    private volatile long overSoftSince;

    void queued(long bytes) {
        pending.addAndGet(bytes);
    }

    void sent(long bytes) {
        pending.addAndGet(-bytes);
    }

    public long pendingBytes() {
        return pending.get();
    }

    /** True when the pending bytes break the hard limit, or the soft one for longer than allowed. */
    boolean overLimit(long hard, long soft, long softSeconds, long nowMillis) {
        long bytes = pending.get();
        if (hard > 0 && bytes > hard) {
            return true;
        }
        if (soft == 0 || bytes <= soft) {
            overSoftSince = 0;
            return false;
        }
        if (overSoftSince == 0) {
            overSoftSince = nowMillis;
            return false;
        }
        return nowMillis - overSoftSince > softSeconds * 1000;
    }
}
