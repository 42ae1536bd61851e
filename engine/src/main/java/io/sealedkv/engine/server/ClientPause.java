package io.sealedkv.engine.server;

import io.sealedkv.engine.command.CommandFlag;
import io.sealedkv.engine.command.CommandSpec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CLIENT PAUSE and UNPAUSE as Redis 7.0: until the pause ends, a client's command that the pause covers
 * (every command under ALL; under WRITE, commands flagged write, PUBLISH, SPUBLISH, and EXEC of a
 * transaction holding one) is not run but waits, with the requests after it, until the pause ends or UNPAUSE. A
 * second pause keeps the later end and the stronger mode. While any pause lasts, keys are not expired
 * (an expired key reads as missing but stays) and nothing is evicted, so the data set does not change.
 */
public final class ClientPause {
    private volatile long endMillis;
    private volatile boolean all;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    /** A postponed client, released once by the end of the pause or UNPAUSE. */
    private final class Waiter {
        private final AtomicBoolean released = new AtomicBoolean();
        private final ClientSession session;
        private final Runnable release;

        Waiter(ClientSession session, Runnable release) {
            this.session = session;
            this.release = release;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                waiting.remove(this);
                release.run();
            }
        }
    }

    public synchronized void pause(long untilMillis, boolean allCommands) {
        if (!paused()) {
            all = false;
        }
        all |= allCommands;
        endMillis = Math.max(paused() ? endMillis : 0, untilMillis);
    }

    /** CLIENT UNPAUSE: ends the pause and releases every postponed client. */
    public void unpause() {
        synchronized (this) {
            endMillis = 0;
            all = false;
        }
        waiting.forEach(Waiter::release);
    }

    /** For INFO blocked_clients, which counts them in Redis 7.0: connected clients waiting for the pause to end. */
    public int heldClients() {
        int held = 0;
        for (Waiter waiter : waiting) {
            if (waiter.session.channel().isActive()) {
                held++;
            }
        }
        return held;
    }

    /** True while a pause lasts. */
    public boolean paused() {
        long end = endMillis;
        return end != 0 && System.currentTimeMillis() < end;
    }

    /** True when {@code spec} from {@code session} must wait for the end of the pause. */
    boolean holds(ClientSession session, CommandSpec spec) {
        if (!paused()) {
            return false;
        }
        return all || spec.has(CommandFlag.WRITE) || publishes(spec)
                || (spec.name().equals("exec") && session.transaction().queuesWrite());
    }

    /** PUBLISH and SPUBLISH: not writes, but Redis 7.0 marks them may-replicate, so a write pause holds them. */
    static boolean publishes(CommandSpec spec) {
        return spec.name().equals("publish") || spec.name().equals("spublish");
    }

    /** Runs {@code release} on the session's thread when the pause ends (or at once after UNPAUSE). */
    void await(ClientSession session, Runnable release) {
        Waiter waiter = new Waiter(session, release);
        waiting.add(waiter);
        long remaining = Math.max(1, endMillis - System.currentTimeMillis());
        session.channel().eventLoop().schedule(waiter::release, remaining, TimeUnit.MILLISECONDS);
        if (!paused()) {
            waiter.release();
        }
    }
}
