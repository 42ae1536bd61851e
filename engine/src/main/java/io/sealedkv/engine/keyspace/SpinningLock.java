package io.sealedkv.engine.keyspace;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The keyspace lock: a {@link ReentrantLock} that spins briefly before it parks. Commands hold it for
 * well under a microsecond, while parking and waking a network thread costs a few microseconds of
 * system calls each time two threads meet at the lock, so a short spin usually wins it without a park.
 * With one processor the holder cannot run while another thread spins, so then it parks at once.
 */
final class SpinningLock extends ReentrantLock {
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

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
}
