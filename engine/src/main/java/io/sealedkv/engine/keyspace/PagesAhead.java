package io.sealedkv.engine.keyspace;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fresh {@link ValueArena} pages made ready on a thread of its own while a snapshot loads, so the
 * loading thread does not stop for them: a direct page is zeroed by the JDK when allocated, which
 * first makes the kernel map and zero each of its 4 KiB pages, and for a load of a million short
 * strings that was about two fifths of the loading thread's time (BENCHMARKS.md, snapshot load).
 *
 * <p>The thread keeps up to {@value #DEPTH} pages waiting and stops when {@link #close}d, when direct
 * memory is exhausted, or when no page was taken for {@value #IDLE_SECONDS} seconds (a load abandoned
 * without being closed). Pages still waiting then are dropped for the collector to free. {@link #take}
 * allocates on the caller's thread whenever none is waiting.
 */
final class PagesAhead implements AutoCloseable {
    static final int DEPTH = 8;
    private static final long IDLE_SECONDS = 2;

    private final ArrayBlockingQueue<ByteBuffer> ready = new ArrayBlockingQueue<>(DEPTH);
    private final Thread thread;
    private volatile boolean closed;

    private PagesAhead() {
        thread = new Thread(this::prepare, "sealedkv-pages-ahead");
        thread.setDaemon(true);
    }

    /** A supply whose thread has started preparing pages. */
    static PagesAhead start() {
        PagesAhead ahead = new PagesAhead();
        ahead.thread.start();
        return ahead;
    }

    /**
     * A zeroed page of {@value ValueArena#PAGE_SIZE} bytes.
     *
     * @throws OutOfMemoryError when none is waiting and direct memory is exhausted, as allocating does
     */
    ByteBuffer take() {
        ByteBuffer page = ready.poll();
        return page != null ? page : ByteBuffer.allocateDirect(ValueArena.PAGE_SIZE);
    }

    /** Stops the thread and drops the pages still waiting. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.clear();
    }

    private void prepare() {
        try {
            while (!closed) {
                ByteBuffer page = ByteBuffer.allocateDirect(ValueArena.PAGE_SIZE);
                if (!ready.offer(page, IDLE_SECONDS, TimeUnit.SECONDS)) {
                    return;
                }
            }
        } catch (OutOfMemoryError e) {
            // direct memory is used up: take() then fails on the loading thread, which keeps the value on the heap
        } catch (InterruptedException e) {
            // closed
        }
    }
}
