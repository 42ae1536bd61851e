package io.sealedkv.engine.blocking;

import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceListener;
import io.sealedkv.engine.server.ClientSession;
import io.sealedkv.engine.server.ErrorReplies;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients blocked on keys, and the keys that became ready for them.
 *
 * <p>Everything here is guarded by the keyspace lock. A command that finds nothing to serve calls
 * {@link #block} under the lock (so no write can slip between its check and its registration); its
 * client then runs none of its further requests. Each write signals the modified key (this is a
 * {@link KeyspaceListener} of the write path) and a waited key is marked ready. When the writing command
 * releases the lock, {@link #serveReady} runs (still holding it, so nothing runs in between): for each
 * ready key in the order it became ready, the waiters of that key are retried first blocked first, each
 * served one leaves every key it waited on, and its reply goes to its own network thread. Keys a served
 * action writes to (BLMOVE's destination) become ready in turn. A timeout replies with a null array; a
 * disconnect drops the waiter.
 */
public final class BlockedClients implements KeyspaceListener {
    private static final Logger LOG = LoggerFactory.getLogger(BlockedClients.class);

    private final Keyspace keyspace;
    private final Map<WaitKey, Queue> queues = new HashMap<>();
    private final LinkedHashSet<WaitKey> ready = new LinkedHashSet<>();
    private final Map<ClientSession, Waiter> waiters = new HashMap<>();
    private volatile int blocked;
    private boolean serving;

    public BlockedClients(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Clients blocked now (INFO's {@code blocked_clients}). */
    public int count() {
        return blocked;
    }

    /**
     * Blocks {@code session} on {@code keys} of database {@code db}, under the keyspace lock: from now on
     * the session runs nothing until {@code action} serves it or {@code timeoutMillis} (0: never) pass.
     * The key arrays are copied.
     */
    public void block(ClientSession session, int db, List<byte[]> keys, long timeoutMillis, BlockedAction action) {
        requireLock();
        Waiter waiter = new Waiter(session, action);
        for (byte[] key : keys) {
            WaitKey waitKey = new WaitKey(db, key.clone());
            if (waiter.keys.contains(waitKey)) {
                continue;
            }
            waiter.keys.add(waitKey);
            queues.computeIfAbsent(waitKey, Queue::new).waiters.add(waiter);
        }
        waiters.put(session, waiter);
        blocked = waiters.size();
        session.blocked(true);
        if (timeoutMillis > 0) {
            waiter.timeout = session.channel().eventLoop().schedule(() -> timedOut(waiter), timeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The connection closed (or was killed): its waiter goes. */
    public void disconnected(ClientSession session) {
        if (!session.blocked()) {
            return;
        }
        keyspace.lock().lock();
        try {
            Waiter waiter = waiters.get(session);
            if (waiter != null) {
                unregister(waiter);
            }
        } finally {
            keyspace.lock().unlock();
        }
    }

    /**
     * CLIENT UNBLOCK: ends the wait of {@code session} as its timeout would (its action's unserved reply) or, with
     * {@code error}, with Redis's UNBLOCKED error; false when it is not blocked on keys.
     */
    public boolean unblock(ClientSession session, boolean error) {
        Waiter waiter;
        keyspace.lock().lock();
        try {
            waiter = waiters.get(session);
            if (waiter == null || !waiter.active) {
                return false;
            }
            unregister(waiter);
        } finally {
            keyspace.lock().unlock();
        }
        waiter.session.resume(error ? c -> c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK")
                : waiter.action.unserved());
        return true;
    }

    @Override
    public void keyModified(int database, byte[] key) {
        if (queues.isEmpty()) {
            return;
        }
        Queue queue = queues.get(new WaitKey(database, key));
        if (queue != null) {
            ready.add(queue.key);
        }
    }

    @Override
    public void databaseChanged(int database) {
        for (WaitKey key : queues.keySet()) {
            if (key.db == database) {
                ready.add(key);
            }
        }
    }

    /** Serves the waiters of every ready key; called under the lock when a command is about to release it. */
    public void serveReady() {
        if (ready.isEmpty() || serving) {
            return;
        }
        serving = true;
        try {
            while (!ready.isEmpty()) {
                Iterator<WaitKey> next = ready.iterator();
                WaitKey key = next.next();
                next.remove();
                Queue queue = queues.get(key);
                if (queue != null) {
                    serve(key, new ArrayList<>(queue.waiters));
                }
            }
        } finally {
            serving = false;
        }
    }

    private void serve(WaitKey key, List<Waiter> inOrder) {
        for (Waiter waiter : inOrder) {
            if (!waiter.active) {
                continue;
            }
            BlockedReply reply;
            try {
                reply = waiter.action.attempt(keyspace.database(key.db), key.key);
            } catch (CommandException e) {
                String message = e.getMessage();
                reply = c -> c.reply().error(message);
            } catch (RuntimeException e) {
                LOG.warn("Serving a blocked client failed: {}", e.toString());
                String message = ErrorReplies.of(e, "blocking command");
                reply = c -> c.reply().error(message);
            }
            if (reply != null) {
                unregister(waiter);
                waiter.session.resume(reply);
            }
        }
    }

    private void timedOut(Waiter waiter) {
        keyspace.lock().lock();
        try {
            if (!waiter.active) {
                return;
            }
            unregister(waiter);
        } finally {
            keyspace.lock().unlock();
        }
        waiter.session.resume(waiter.action.unserved());
    }

    private void unregister(Waiter waiter) {
        waiter.active = false;
        for (WaitKey key : waiter.keys) {
            Queue queue = queues.get(key);
            queue.waiters.remove(waiter);
            if (queue.waiters.isEmpty()) {
                queues.remove(key);
                ready.remove(key);
            }
        }
        waiters.remove(waiter.session);
        blocked = waiters.size();
        if (waiter.timeout != null) {
            waiter.timeout.cancel(false);
        }
    }

    private void requireLock() {
        if (!keyspace.lock().isHeldByCurrentThread()) {
            throw new IllegalStateException("blocking a client needs the keyspace lock");
        }
    }

    /** A key of one database; the array is owned (copied when blocking). */
    private static final class WaitKey {
        final int db;
        final byte[] key;
        final int hash;

        WaitKey(int db, byte[] key) {
            this.db = db;
            this.key = key;
            this.hash = 31 * db + Arrays.hashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WaitKey other && other.db == db && Arrays.equals(other.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The clients waiting on one key, first blocked first. */
    private static final class Queue {
        final WaitKey key;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

        Queue(WaitKey key) {
            this.key = key;
        }
    }

    private static final class Waiter {
        final ClientSession session;
        final BlockedAction action;
        final List<WaitKey> keys = new ArrayList<>(2);
        ScheduledFuture<?> timeout;
        boolean active = true;

        Waiter(ClientSession session, BlockedAction action) {
            this.session = session;
            this.action = action;
        }
    }
}
