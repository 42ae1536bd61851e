package io.sealedkv.engine.keyspace;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The keyspace lock: a {@link ReentrantLock} that spins briefly before it parks. Commands hold it for
 * well under a microsecond, while parking and waking a network thread costs a few microseconds of
 * system calls each time two threads meet at the lock, so a short spin usually wins it without a park.
 * With one processor the holder cannot run while another thread spins, so then it parks at once.
 *
 * <p>It also keeps the time of a hold (see {@link Keyspace#now}): the clock is read once, at the first
 * reading in a hold, and that time stands until the outermost {@link #unlock}, as Redis reads it
 * once per command and once for a whole EXEC, so no key expires in the middle of what one hold does.
 * Likewise the views of cells handed out in a hold (see {@link Entry}) last until that unlock.
 */
final class SpinningLock extends ReentrantLock {
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;
    private static final long UNREAD = Long.MIN_VALUE;

    /** The time of the current hold, or {@link #UNREAD}; read and written by the holder only. */
    private long holdTime = UNREAD;
    private final ViewHolds views;

    SpinningLock(ViewHolds views) {
        this.views = views;
    }

    @Override
    public void lock() {
        for (int i = 0; i < SPINS; i++) {
            if (tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        super.lock();
    }

    /**
     * Ends a hold; the outermost unlock forgets its time and ends the entries handed out as views of cells
     * (see {@link ViewHolds}), whichever way the lock was taken.
     */
    @Override
    public void unlock() {
        if (getHoldCount() == 1) {
            holdTime = UNREAD;
            views.end();
        }
        super.unlock();
    }

    /** The time of the current thread's hold, read from {@code clock} the first time; the holder only. */
    long holdTime(LongSupplier clock) {
        if (holdTime == UNREAD) {
            holdTime = clock.getAsLong();
        }
        return holdTime;
    }
}
