package io.sealedkv.engine.pubsub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes written to one connection (replies and pushed messages) but not yet taken by its socket,
 * against its class of {@code client-output-buffer-limit} (pubsub while subscribed, normal otherwise):
 * a client that stops reading is disconnected instead of growing the server's memory without bound.
 */
public final class PushOutput {
    private final AtomicLong pending = new AtomicLong();
    private volatile long overSoftSince;

    public void queued(long bytes) {
        pending.addAndGet(bytes);
    }

    public void sent(long bytes) {
        pending.addAndGet(-bytes);
    }

    public long pendingBytes() {
        return pending.get();
    }

    /** True when the pending bytes break the hard limit, or the soft one for longer than allowed. */
    public boolean overLimit(long hard, long soft, long softSeconds, long nowMillis) {
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
