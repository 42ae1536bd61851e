package io.sealedkv.engine.tracking;

import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.config.ClientOutputBufferLimits;
import io.sealedkv.engine.keyspace.KeyspaceListener;
import io.sealedkv.engine.pubsub.ChannelName;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Client-side caching as Redis 7.0 does it (CLIENT TRACKING). In the default mode every key a tracking
 * connection reads is remembered in one table, key name to the ids of the connections that read it
 * (names only, not databases, as in Redis); a change to the key sends those connections one
 * invalidation and forgets the key. In BCAST mode nothing is remembered per key: a changed key whose
 * name starts with a subscribed prefix is collected and sent, batched per prefix, when the connection whose
 * command changed it has run the requests of one read ({@link #broadcast}). Messages go as RESP3 pushes
 * {@code >2 invalidate [keys]}, or, with REDIRECT to a RESP2 connection subscribed to anything, as messages
 * of {@code __redis__:invalidate}; FLUSHDB and FLUSHALL invalidate everything with a null. An invalidation
 * for the connection whose command caused it waits until that command has replied.
 *
 * <p>Memory and confidentiality: the table holds each tracked key name in clear (key names are in
 * clear in the keyspace too) plus a set of connection ids, about 100 bytes per key and id; it is
 * capped by {@code tracking-table-max-keys}, past which keys are invalidated and forgotten. Values
 * never enter the table or a message. Everything here runs under this object's monitor, taken inside
 * the keyspace lock when a write signals a key.
 */
public final class Tracking implements KeyspaceListener {
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);

    private final LongFunction<ClientSession> clientById;
    private final Supplier<ClientSession> running;
    private final LongSupplier maxKeys;
    private final PushDelivery delivery;
    private final Map<ChannelName, Set<Long>> table = new HashMap<>();
    private final Map<ChannelName, Prefix> prefixes = new HashMap<>();
    private final Map<ClientSession, List<byte[]>> afterReply = new LinkedHashMap<>();
    private final Set<ClientSession> trackingClients = new HashSet<>();
    private volatile boolean idle = true;
    private boolean flushed;

    /**
     * The BCAST subscribers of one prefix, and the keys changed since the last broadcast with who changed them
     * last, in Redis's order (its rax: bytes compared unsigned).
     */
    private static final class Prefix {
        final Set<ClientSession> clients = new HashSet<>();
        final Map<ChannelName, ClientSession> changed =
                new TreeMap<>((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
    }

    public Tracking(LongFunction<ClientSession> clientById, Supplier<ClientSession> running, LongSupplier maxKeys,
                    Supplier<ClientOutputBufferLimits> limits) {
        this.clientById = clientById;
        this.running = running;
        this.maxKeys = maxKeys;
        this.delivery = new PushDelivery(() -> limits.get().pubsub());
    }

    /** CLIENT TRACKING ON with its options, checked as Redis checks them (same errors, same order). */
    public synchronized void enable(ClientSession session, long redirect, boolean bcast, boolean optin,
                                    boolean optout, boolean noloop, List<byte[]> newPrefixes) {
        TrackingState state = session.tracking();
        if (!bcast && !newPrefixes.isEmpty()) {
            throw new CommandException("ERR PREFIX option requires BCAST mode to be enabled");
        }
        if (state.on && state.bcast != bcast) {
            throw new CommandException("ERR You can't switch BCAST mode on/off before disabling tracking for this "
                    + "client, and then re-enabling it with a different mode.");
        }
        if (bcast && (optin || optout)) {
            throw new CommandException("ERR OPTIN and OPTOUT are not compatible with BCAST");
        }
        if (optin && optout) {
            throw new CommandException("ERR You can't specify both OPTIN mode and OPTOUT mode");
        }
        if ((optin && state.optout) || (optout && state.optin)) {
            throw new CommandException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this "
                    + "client, and then re-enabling it with a different mode.");
        }
        if (bcast) {
            checkPrefixes(state, newPrefixes);
        }
        state.on = true;
        trackingClients.add(session);
        idle = false;
        state.brokenRedirect = false;
        state.redirect = redirect;
        state.bcast = bcast;
        state.optin = optin;
        state.optout = optout;
        state.noloop = noloop;
        if (bcast) {
            for (byte[] prefix : newPrefixes.isEmpty() ? List.of(new byte[0]) : newPrefixes) {
                state.prefixes.add(prefix.clone());
                prefixes.computeIfAbsent(new ChannelName(prefix), p -> new Prefix()).clients.add(session);
            }
        }
    }

    private static void checkPrefixes(TrackingState state, List<byte[]> given) {
        for (int i = 0; i < given.size(); i++) {
            for (byte[] existing : state.prefixes) {
                if (overlap(existing, given.get(i))) {
                    throw new CommandException("ERR Prefix '" + text(given.get(i))
                            + "' overlaps with an existing prefix '" + text(existing)
                            + "'. Prefixes for a single client must not overlap.");
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(given.get(i), given.get(j))) {
                    throw new CommandException("ERR Prefix '" + text(given.get(i)) + "' overlaps with another provided "
                            + "prefix '" + text(given.get(j)) + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
    }

    /** True when one is a prefix of the other. */
    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** CLIENT TRACKING OFF, and a closed connection: its prefixes go; its ids in the table are dropped lazily. */
    public synchronized void disable(ClientSession session) {
        TrackingState state = session.tracking();
        for (byte[] prefix : state.prefixes) {
            ChannelName name = new ChannelName(prefix);
            Prefix subscribers = prefixes.get(name);
            if (subscribers != null) {
                subscribers.clients.remove(session);
                if (subscribers.clients.isEmpty()) {
                    prefixes.remove(name);
                }
            }
        }
        state.prefixes.clear();
        state.on = false;
        state.bcast = false;
        state.optin = false;
        state.optout = false;
        state.noloop = false;
        state.caching = false;
        state.brokenRedirect = false;
        state.redirect = 0;
        trackingClients.remove(session);
        afterReply.remove(session);
        idle = trackingClients.isEmpty();
        if (idle) {
            table.clear();
        }
    }

    /** True while no connection tracks: every command checks it, without taking the monitor. */
    public boolean idle() {
        return idle;
    }

    /** CLIENT CACHING yes|no ({@code yes} null for anything else). */
    public synchronized void caching(ClientSession session, Boolean yes) {
        TrackingState state = session.tracking();
        if (!state.on) {
            throw new CommandException("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (yes == null) {
            throw Errors.syntax();
        }
        if (yes && !state.optin) {
            throw new CommandException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        }
        if (!yes && !state.optout) {
            throw new CommandException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        }
        state.caching = true;
    }

    /** After a command other than CLIENT, outside MULTI: the CLIENT CACHING choice applied to it only. */
    public synchronized void commandDone(ClientSession session) {
        session.tracking().caching = false;
    }

    /** CLIENT GETREDIR: the redirect id, 0 without one, -1 when tracking is off. */
    public synchronized long redirect(ClientSession session) {
        TrackingState state = session.tracking();
        return state.on ? state.redirect : -1;
    }

    /** CLIENT TRACKINGINFO, in Redis's layout: flags (a set), redirect, prefixes. */
    public synchronized void writeInfo(ClientSession session, RespWriter w) {
        TrackingState state = session.tracking();
        List<String> flags = new ArrayList<>();
        flags.add(state.on ? "on" : "off");
        if (state.bcast) {
            flags.add("bcast");
        }
        if (state.optin) {
            flags.add("optin");
            if (state.caching) {
                flags.add("caching-yes");
            }
        }
        if (state.optout) {
            flags.add("optout");
            if (state.caching) {
                flags.add("caching-no");
            }
        }
        if (state.noloop) {
            flags.add("noloop");
        }
        if (state.brokenRedirect) {
            flags.add("broken_redirect");
        }
        w.map(3);
        w.bulk("flags");
        w.set(flags.size());
        flags.forEach(w::bulk);
        w.bulk("redirect");
        w.integer(state.on ? state.redirect : -1);
        w.bulk("prefixes");
        w.array(state.prefixes.size());
        state.prefixes.forEach(w::bulk);
    }

    /**
     * Remembers the keys a read-only command of {@code session} read, unless it is in BCAST mode or its
     * OPTIN/OPTOUT choice says not to; call under the keyspace lock that covered the read, so no change
     * to the keys can slip between the read and this.
     */
    public synchronized void remember(ClientSession session, List<byte[]> keys) {
        TrackingState state = session.tracking();
        if (!state.on || state.bcast || (state.optin && !state.caching) || (state.optout && state.caching)) {
            return;
        }
        for (byte[] key : keys) {
            table.computeIfAbsent(new ChannelName(key), k -> new HashSet<>(2)).add(session.id());
        }
        long max = maxKeys.getAsLong();
        if (max > 0 && table.size() > max) {
            Iterator<Map.Entry<ChannelName, Set<Long>>> oldest = table.entrySet().iterator();
            while (table.size() > max && oldest.hasNext()) {
                Map.Entry<ChannelName, Set<Long>> victim = oldest.next();
                oldest.remove();
                invalidate(victim.getKey().bytes(), victim.getValue(), null);
            }
        }
    }

    @Override
    public void keyModified(int database, byte[] key) {
        if (!idle) {
            invalidateChanged(key);
        }
    }

    private synchronized void invalidateChanged(byte[] key) {
        ClientSession cause = running.get();
        if (!prefixes.isEmpty()) {
            ChannelName name = null;
            for (Map.Entry<ChannelName, Prefix> prefix : prefixes.entrySet()) {
                byte[] p = prefix.getKey().bytes();
                if (key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length)) {
                    if (name == null) {
                        name = new ChannelName(key);
                    }
                    prefix.getValue().changed.put(name, cause);
                }
            }
        }
        Set<Long> readers = table.remove(new ChannelName(key));
        if (readers != null) {
            invalidate(key, readers, cause);
        }
    }

    private void invalidate(byte[] key, Set<Long> readers, ClientSession cause) {
        for (long id : readers) {
            ClientSession target = clientById.apply(id);
            if (target == null || !target.tracking().on || target.tracking().bcast
                    || (target.tracking().noloop && target == cause)) {
                continue;
            }
            if (target == cause) {
                afterReply.computeIfAbsent(target, t -> new ArrayList<>()).add(key.clone());
            } else {
                send(target, w -> keys(w, List.of(key)));
            }
        }
    }

    /** Redis 7.0's SWAPDB touches WATCHed keys but sends no invalidation (redis-server 7.0.15 checked). */
    @Override
    public void databaseSwapped(int database) {
    }

    /** FLUSHDB and FLUSHALL: one null invalidation per tracking connection when the command ends. */
    @Override
    public void databaseChanged(int database) {
        if (!idle) {
            synchronized (this) {
                flushed = true;
                table.clear();
            }
        }
    }

    /**
     * Sends what a command's changes left to send to the connections that read the keys: the null of a flush,
     * and the invalidations for its own connection (after its reply); call when a command (or EXEC) has
     * finished, and from the cron for keys expired by the active cycle.
     */
    public synchronized void flush(ClientSession finished) {
        if (flushed) {
            flushed = false;
            for (ClientSession session : trackingClients) {
                send(session, finished, RespWriter::nullBulk);
            }
        }
        if (finished != null) {
            List<byte[]> own = afterReply.remove(finished);
            if (own != null) {
                for (byte[] key : own) {
                    send(finished, finished, key == null ? RespWriter::nullBulk : w -> keys(w, List.of(key)));
                }
            }
        }
    }

    /**
     * Sends the BCAST batches: each prefix's changed keys, once each and sorted, in one message per subscriber.
     * Redis sends them once per event-loop iteration; here when a connection has run its requests (those of a read,
     * or those queued behind a blocking command or a pause), and from the cron (the active cycle's expiries).
     */
    public synchronized void broadcast() {
        for (Prefix prefix : prefixes.values()) {
            if (prefix.changed.isEmpty()) {
                continue;
            }
            for (ClientSession client : prefix.clients) {
                List<byte[]> keys = new ArrayList<>();
                prefix.changed.forEach((key, cause) -> {
                    if (!(client.tracking().noloop && cause == client)) {
                        keys.add(key.bytes());
                    }
                });
                if (!keys.isEmpty()) {
                    send(client, w -> keys(w, keys));
                }
            }
            prefix.changed.clear();
        }
    }

    private static void keys(RespWriter w, List<byte[]> keys) {
        w.array(keys.size());
        keys.forEach(w::bulk);
    }

    private void send(ClientSession target, Consumer<RespWriter> value) {
        send(target, null, value);
    }

    /** Redis's sendTrackingMessage: through the redirect if any, as a push in RESP3 or a pub/sub message. */
    private void send(ClientSession target, ClientSession current, Consumer<RespWriter> value) {
        TrackingState state = target.tracking();
        ClientSession to = target;
        if (state.redirect != 0) {
            to = clientById.apply(state.redirect);
            if (to == null) {
                state.brokenRedirect = true;
                if (target.protocol() > 2) {
                    long redirect = state.redirect;
                    delivery.deliver(target, current, w -> {
                        w.push(2);
                        w.bulk("tracking-redir-broken");
                        w.integer(redirect);
                    });
                }
                return;
            }
        }
        if (to.protocol() > 2) {
            delivery.deliver(to, current, w -> {
                w.push(2);
                w.bulk("invalidate");
                value.accept(w);
            });
        } else if (to != target && to.subscriptions().any()) {
            delivery.deliver(to, current, w -> {
                w.push(3);
                w.bulk("message");
                w.bulk(CHANNEL);
                value.accept(w);
            });
        }
    }

    /** For INFO: connections with tracking on, keys in the table, prefixes. */
    public synchronized int clients() {
        return trackingClients.size();
    }

    public synchronized int trackedKeys() {
        return table.size();
    }

    public synchronized long trackedItems() {
        long items = 0;
        for (Set<Long> ids : table.values()) {
            items += ids.size();
        }
        return items;
    }

    public synchronized int prefixCount() {
        return prefixes.size();
    }
}
