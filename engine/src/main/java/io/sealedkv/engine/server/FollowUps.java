package io.sealedkv.engine.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command leaves for another connection of its own network thread (a message for a subscriber, the reply
 * of a BLPOP its push served), run as soon as the read that ran the command completes. As a task of the event
 * loop it waited for the loop's next turn at its task queue, which under pipelined load comes late on io_uring
 * (Netty runs tasks after up to 128 rounds of completions): beside a {@code -P 16 -c 50} load on one network
 * thread, a PUBLISH reached its subscriber after 15-21 ms (median; p99 60), against 2.4-2.7 (p99 7-12) now, 5.4
 * on epoll and 1.5 on Redis (BENCHMARKS.md, session 23). A task drains them too, in case no read completes on the
 * thread first (the connection closed mid-read, or they were left by a task).
 */
final class FollowUps {
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    private static final FastThreadLocal<FollowUps> OF_THREAD = new FastThreadLocal<>() {
        @Override
        protected FollowUps initialValue() {
            return new FollowUps();
        }
    };

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean running;

    private FollowUps() {
    }

    /** Leaves {@code work} for the end of the current read; the caller runs on {@code loop}. */
    static void add(EventLoop loop, Runnable work) {
        FollowUps mine = OF_THREAD.get();
        if (mine.waiting.isEmpty()) {
            loop.execute(FollowUps::runWaiting); // first, so that a stopped loop refuses the work as execute would
        }
        mine.waiting.add(work);
    }

    /** Runs what commands on this thread left, in the order they left it, including what that work leaves. */
    static void runWaiting() {
        FollowUps mine = OF_THREAD.get();
        if (mine.running || mine.waiting.isEmpty()) {
            return; // nothing left (every read completing), or a follow-up completing a read: the loop runs it
        }
        mine.running = true;
        try {
            for (Runnable work = mine.waiting.poll(); work != null; work = mine.waiting.poll()) {
                runOne(work);
            }
        } finally {
            mine.running = false;
        }
    }

    private static void runOne(Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            // as the event loop logs a task that throws, Errors too (out of direct memory): one thrown on would strand
            // the follow-ups after it, with no task left to run them, and close the connection whose read ran them
            LOG.warn("A follow-up of a command failed", e);
        }
    }
}
