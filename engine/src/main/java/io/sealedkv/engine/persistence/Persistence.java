package io.sealedkv.engine.persistence;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.config.Config;
import io.sealedkv.engine.keyspace.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the keyspace: SAVE (in the foreground, holding the keyspace lock), BGSAVE (a point-in-time
 * {@link Snapshot} written by a background thread while clients are served), the
 * {@code save} points checked by the cron, the save at shutdown, the load at start-up, and the state
 * INFO persistence reports.
 *
 * <p>Lock order: this object's monitor before the keyspace lock, never the other way round.
 */
public final class Persistence {
    private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);
    /** As Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed background save, save points wait this long. */
    private static final long RETRY_DELAY_MILLIS = 5000;

    private final Config config;
    private final Keyspace keyspace;
    private final ValueCodec codec;
    private final BooleanSupplier keysAvailable;
    private volatile Snapshot running;
    private Thread writer;
    private volatile long lastSaveMillis;
    private volatile boolean lastBackgroundOk = true;
    private volatile long lastBackgroundSeconds = -1;
    private volatile long backgroundStartMillis;
    private volatile long lastBackgroundTryMillis;
    private volatile long dirtyAtLastSave;
    private volatile long saves;
    private volatile long keysLoaded;
    private volatile long keysExpiredAtLoad;

    /** {@code keysAvailable}: false while a failed keystore reload leaves the server without data keys. */
    public Persistence(Config config, Keyspace keyspace, ValueCodec codec, BooleanSupplier keysAvailable,
                       long startMillis) {
        this.config = config;
        this.keyspace = keyspace;
        this.codec = codec;
        this.keysAvailable = keysAvailable;
        this.lastSaveMillis = startMillis;
    }

    /** The snapshot file: {@code dbfilename} in {@code dir}. */
    public Path file() {
        return Path.of(config.stringValue("dir")).resolve(config.stringValue("dbfilename"));
    }

    /**
     * Loads the snapshot file into the (empty) keyspace at start-up; no file means an empty start.
     *
     * @throws SnapshotException when the file does not verify (unless {@code snapshot-salvage yes}
     *     saved what verified): the server must not start
     */
    public void load() throws SnapshotException {
        Path file = file();
        removeStaleTemporaryFiles(file.toAbsolutePath().getParent());
        long start = System.nanoTime();
        SnapshotReader.Result result;
        try (InputStream in = Files.newInputStream(file)) {
            result = SnapshotReader.load(in, codec, keyspace, config.boolValue("snapshot-salvage"));
        } catch (NoSuchFileException e) {
            LOG.info("No snapshot at {}: starting empty", file.toAbsolutePath());
            return;
        } catch (IOException e) {
            throw new SnapshotException(SnapshotException.Failure.IO, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (SnapshotException e) {
            throw new SnapshotException(e.failure(), file + ": " + e.getMessage(), e);
        }
        keysLoaded = result.keysLoaded();
        keysExpiredAtLoad = result.keysExpired();
        dirtyAtLastSave = keyspace.writes().dirty();
        if (result.lost() != null) {
            LOG.error("SALVAGED a damaged snapshot {} (snapshot-salvage yes): {} keys loaded; {}", file,
                    result.keysLoaded(), result.lost());
        }
        LOG.info("DB loaded from disk: {} keys ({} expired keys skipped) in {} ms", result.keysLoaded(),
                result.keysExpired(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void removeStaleTemporaryFiles(Path directory) {
        try {
            for (Path stale : SnapshotWriter.removeStaleTemporaryFiles(directory)) {
                LOG.warn("Removed {}, left by a save that did not finish", stale);
            }
        } catch (IOException e) {
            LOG.warn("Cannot look for stale temporary snapshot files in {}: {}", directory, e.getMessage());
        }
    }

    /**
     * SAVE: captures and writes in the foreground, holding the keyspace lock throughout, as Redis
     * blocks while it saves.
     *
     * @throws IllegalStateException when a background save is running
     */
    public synchronized void save() throws SnapshotException {
        if (running != null) {
            throw new IllegalStateException("Background save already in progress");
        }
        keyspace.lock().lock();
        try {
            long dirty = keyspace.writes().dirty();
            Snapshot snapshot = Snapshot.capture(keyspace, codec);
            SnapshotWriter.write(snapshot, codec, file());
            saved(dirty);
            LOG.info("DB saved on disk");
        } finally {
            keyspace.lock().unlock();
        }
    }

    /**
     * Writes {@code keyspace} (one no server serves: a tool's offline copy) to {@code target} as SAVE
     * does, atomically, every value as it is sealed; the bytes written.
     */
    public static long write(Keyspace keyspace, ValueCodec codec, Path target) throws SnapshotException {
        keyspace.lock().lock();
        try {
            return SnapshotWriter.write(Snapshot.capture(keyspace, codec), codec, target);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private void saved(long dirtyAtCapture) {
        dirtyAtLastSave = dirtyAtCapture;
        lastSaveMillis = System.currentTimeMillis();
        saves++;
    }

    /**
     * BGSAVE: the status reply. As in Redis, SCHEDULE only defers a save while another kind of
     * background job runs (none exists here), never while a background save runs.
     *
     * @throws IllegalStateException when a background save is running
     */
    public synchronized String background() {
        if (running != null) {
            throw new IllegalStateException("Background save already in progress");
        }
        startBackground();
        return "Background saving started";
    }

    /**
     * BGSAVE inside EXEC: EXEC holds the keyspace lock, and taking this object's monitor under it would
     * invert the lock order (a save point's save holding the monitor and waiting for the lock would
     * deadlock with it), so the save starts on a thread of its own once EXEC has let go, as Redis's
     * "Background saving scheduled".
     *
     * @throws IllegalStateException when a background save is running
     */
    public void scheduleBackground() {
        if (running != null) {
            throw new IllegalStateException("Background save already in progress");
        }
        Thread starter = new Thread(() -> {
            try {
                background();
            } catch (IllegalStateException e) {
                LOG.warn("Scheduled background save not started: {}", e.getMessage());
            }
        }, "sealedkv-bgsave-schedule");
        starter.setDaemon(true);
        starter.start();
    }

    private void startBackground() {
        Snapshot snapshot;
        long dirty;
        keyspace.lock().lock();
        try {
            dirty = keyspace.writes().dirty();
            snapshot = Snapshot.capture(keyspace, codec);
            keyspace.writes().snapshotHook(snapshot);
        } finally {
            keyspace.lock().unlock();
        }
        running = snapshot;
        backgroundStartMillis = System.currentTimeMillis();
        lastBackgroundTryMillis = backgroundStartMillis;
        Path target = file();
        writer = new Thread(() -> writeInBackground(snapshot, dirty, target), "sealedkv-bgsave");
        writer.setDaemon(true);
        writer.start();
        LOG.info("Background saving started ({} keys)", snapshot.size());
    }

    private void writeInBackground(Snapshot snapshot, long dirty, Path target) {
        boolean ok = false;
        try {
            SnapshotWriter.write(snapshot, codec, target);
            ok = true;
            LOG.info("Background saving terminated with success");
        } catch (SnapshotException e) {
            LOG.error("Background saving failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Background saving failed", e);
        } finally {
            keyspace.lock().lock();
            try {
                keyspace.writes().snapshotHook(null);
            } finally {
                keyspace.lock().unlock();
            }
            finishBackground(ok, dirty, snapshot.cancelled());
        }
    }

    private synchronized void finishBackground(boolean ok, long dirty, boolean cancelled) {
        if (ok) {
            saved(dirty);
        }
        if (!cancelled) {
            lastBackgroundOk = ok;
        }
        lastBackgroundSeconds = (System.currentTimeMillis() - backgroundStartMillis) / 1000;
        running = null;
        writer = null;
        notifyAll();
    }

    /** Runs on the cron: starts the background save a save point calls for. */
    public synchronized void cron() {
        if (running != null) {
            return;
        }
        String points = config.stringValue("save");
        // without data keys a save cannot seal its file: it would fail and refuse every write (MISCONF),
        // even those that still run without keys
        if (points.isEmpty() || !keysAvailable.getAsBoolean()) {
            return;
        }
        long now = System.currentTimeMillis();
        long changes = changesSinceLastSave();
        String[] parts = points.split(" ");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            long seconds = Long.parseLong(parts[i]);
            long needed = Long.parseLong(parts[i + 1]);
            if (changes >= needed && (now - lastSaveMillis) / 1000 > seconds
                    && (lastBackgroundOk || now - lastBackgroundTryMillis > RETRY_DELAY_MILLIS)) {
                LOG.info("{} changes in {} seconds. Saving...", needed, seconds);
                startBackground();
                return;
            }
        }
    }

    /**
     * The save of SHUTDOWN (and of SIGTERM when save points are set): a background save in progress is
     * cancelled, then everything is saved in the foreground. False (logged) when it failed.
     */
    public synchronized boolean saveForShutdown() {
        Snapshot current = running;
        if (current != null) {
            LOG.warn("There is a child saving an .rdb. Killing it!");
            current.cancel();
            while (running != null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        LOG.warn("Saving the final RDB snapshot before exiting.");
        try {
            save();
            return true;
        } catch (SnapshotException | RuntimeException e) { // runtime: e.g. no data keys after a failed reload
            LOG.error("Error trying to save the DB, can't exit: {}", e.getMessage());
            return false;
        }
    }

    /** Waits until no background save runs (tests, shutdown). */
    public synchronized void awaitBackground() throws InterruptedException {
        while (running != null) {
            wait();
        }
    }

    public boolean savePointsSet() {
        return !config.stringValue("save").isEmpty();
    }

    /** True when writes must be refused with -MISCONF, as Redis does after a failed background save. */
    public boolean refusesWrites() {
        return !lastBackgroundOk && savePointsSet() && config.boolValue("stop-writes-on-bgsave-error");
    }

    public long changesSinceLastSave() {
        return keyspace.writes().dirty() - dirtyAtLastSave;
    }

    public boolean backgroundInProgress() {
        return running != null;
    }

    public long lastSaveSeconds() {
        return lastSaveMillis / 1000;
    }

    public boolean lastBackgroundOk() {
        return lastBackgroundOk;
    }

    public long lastBackgroundSeconds() {
        return lastBackgroundSeconds;
    }

    /** Seconds the running background save has taken so far, -1 when none runs. */
    public long currentBackgroundSeconds() {
        return running == null ? -1 : (System.currentTimeMillis() - backgroundStartMillis) / 1000;
    }

    public long saves() {
        return saves;
    }

    /** Keys written so far by the running background save, and how many it captured. */
    public long[] currentProgress() {
        Snapshot snapshot = running;
        return snapshot == null ? new long[] {0, 0} : new long[] {snapshot.written(), snapshot.size()};
    }

    /** Bytes of collections kept for the running background save (copy-on-write); under the keyspace lock. */
    public long copyOnWriteBytes() {
        Snapshot snapshot = running;
        return snapshot == null ? 0 : snapshot.cowBytes();
    }

    public long keysLoaded() {
        return keysLoaded;
    }

    public long keysExpiredAtLoad() {
        return keysExpiredAtLoad;
    }
}
