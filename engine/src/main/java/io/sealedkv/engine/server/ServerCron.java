package io.sealedkv.engine.server;

import io.sealedkv.engine.keyspace.ActiveExpiry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background work on one thread, {@code hz} times a second: the active expiry cycle (a quarter of each
 * period at most, times {@code active-expire-effort}), the instantaneous rates of INFO and the memory peak every 100 ms,
 * closing clients idle longer than {@code timeout} seconds, and the snapshot save points.
 */
final class ServerCron {
    private final SealedKvServer server;
    private final ActiveExpiry expiry;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sealedkv-cron");
        thread.setDaemon(true);
        return thread;
    });
    private long ticks;
    private long lastRateSample;

    ServerCron(SealedKvServer server) {
        this.server = server;
        this.expiry = new ActiveExpiry(server.keyspace());
    }

    void start() {
        executor.schedule(this::tick, periodMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    private long periodMillis() {
        return 1000 / server.config().longValue("hz");
    }

    private void tick() {
        try {
            long period = periodMillis();
            long effort = server.config().longValue("active-expire-effort");
            expiry.run(Math.max(1, period * (24 + effort) / 100));
            if (!server.tracking().idle()) {
                server.tracking().flush(null);
                server.tracking().broadcast();
            }
            long now = System.currentTimeMillis();
            if (now - lastRateSample >= 100) {
                server.stats().sampleRates(now);
                server.stats().notePeakMemory(server.usedMemory());
                lastRateSample = now;
            }
            server.persistence().cron();
            if (++ticks % server.config().longValue("hz") == 0) {
                closeIdleClients();
            }
        } finally {
            if (!executor.isShutdown()) {
                executor.schedule(this::tick, periodMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void closeIdleClients() {
        long timeout = server.config().longValue("timeout");
        if (timeout <= 0) {
            return;
        }
        for (ClientSession session : server.clients().all()) {
            if (session.idleSeconds() > timeout) {
                session.channel().close();
            }
        }
    }
}
