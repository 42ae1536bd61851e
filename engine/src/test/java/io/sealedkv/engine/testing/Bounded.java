package io.sealedkv.engine.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzzing try with a deadline on a reused daemon thread (a new thread per try, as
 * assertTimeoutPreemptively makes, costs more than most tries); what the try throws is rethrown as is.
 */
public final class Bounded {
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fuzz-try");
        thread.setDaemon(true);
        return thread;
    });

    private Bounded() {
    }

    public static <T> T call(Duration limit, Callable<T> task) {
        Future<T> result = RUNNER.submit(task);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("try still running after " + limit, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
