package io.sealedkv.engine.pubsub;

import io.netty.buffer.ByteBuf;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes written to one connection (replies and pushed messages) but not yet taken by its socket,
 * against its class of {@code client-output-buffer-limit} (pubsub while subscribed, normal otherwise):
 * a client that stops reading is disconnected instead of growing the server's memory without bound.
 * Also the messages other connections pushed to this one that its event loop has not written yet.
 */
public final class PushOutput {
    private final AtomicLong pending = new AtomicLong();
    private final Queue<ByteBuf> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile long overSoftSince;

    public void queued(long bytes) {
        pending.addAndGet(bytes);
    }

    public void sent(long bytes) {
        pending.addAndGet(-bytes);
    }

    /** A message encoded for this connection by another one's thread, to be written on this one's event loop. */
    void offer(ByteBuf message) {
        waiting.add(message);
    }

    /**
     * True for the one caller that must schedule a drain of the waiting messages: none is scheduled yet,
     * or the last one has begun ({@link #draining}) and may have polled before this caller's message came.
     */
    boolean scheduleDrain() {
        return drainScheduled.compareAndSet(false, true);
    }

    /** A drain begins: messages offered from now on need a drain of their own. */
    void draining() {
        drainScheduled.set(false);
    }

    /** The next waiting message, or null. */
    ByteBuf poll() {
        return waiting.poll();
    }

    public boolean hasWaiting() {
        return !waiting.isEmpty();
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
