package io.sealedkv.engine.pubsub;

import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.config.ClientOutputBufferLimits;
import io.sealedkv.engine.resp.RespWriter;
import io.sealedkv.engine.server.ClientSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Channels, patterns and shard channels and who subscribes to them, PUBLISH and SPUBLISH. Shard
 * channels are a namespace of their own, as in Redis 7.0 without cluster mode: SPUBLISH reaches only
 * their subscribers, PUBLISH never does, and no pattern matches them. The maps are guarded by this
 * object's monitor; messages are written outside it, through {@link PushDelivery}.
 */
public final class PubSub {
    private final Map<ChannelName, Set<ClientSession>> channels = new HashMap<>();
    private final Map<ChannelName, Set<ClientSession>> patterns = new HashMap<>();
    private final Map<ChannelName, Set<ClientSession>> shardChannels = new HashMap<>();
    private final PushDelivery delivery;

    public PubSub(Supplier<ClientOutputBufferLimits> limits) {
        this.delivery = new PushDelivery(() -> limits.get().pubsub());
    }

    /** Subscribes; false when it already was. */
    public boolean subscribe(ClientSession session, byte[] channel) {
        return add(channels, session.subscriptions().channels, session, new ChannelName(channel));
    }

    public boolean psubscribe(ClientSession session, byte[] pattern) {
        return add(patterns, session.subscriptions().patterns, session, new ChannelName(pattern));
    }

    public boolean ssubscribe(ClientSession session, byte[] shardChannel) {
        return add(shardChannels, session.subscriptions().shardChannels, session, new ChannelName(shardChannel));
    }

    /** Unsubscribes; false when it was not subscribed. */
    public boolean unsubscribe(ClientSession session, byte[] channel) {
        return remove(channels, session.subscriptions().channels, session, new ChannelName(channel));
    }

    public boolean punsubscribe(ClientSession session, byte[] pattern) {
        return remove(patterns, session.subscriptions().patterns, session, new ChannelName(pattern));
    }

    public boolean sunsubscribe(ClientSession session, byte[] shardChannel) {
        return remove(shardChannels, session.subscriptions().shardChannels, session, new ChannelName(shardChannel));
    }

    /** The session's channels, in subscription order (UNSUBSCRIBE without arguments). */
    public List<byte[]> channelsOf(ClientSession session) {
        return names(session.subscriptions().channels, session.subscriptions());
    }

    public List<byte[]> patternsOf(ClientSession session) {
        return names(session.subscriptions().patterns, session.subscriptions());
    }

    public List<byte[]> shardChannelsOf(ClientSession session) {
        return names(session.subscriptions().shardChannels, session.subscriptions());
    }

    /** Drops every subscription of a connection (disconnect, RESET). */
    public void unsubscribeAll(ClientSession session) {
        channelsOf(session).forEach(channel -> unsubscribe(session, channel));
        patternsOf(session).forEach(pattern -> punsubscribe(session, pattern));
        shardChannelsOf(session).forEach(shardChannel -> sunsubscribe(session, shardChannel));
    }

    /** Channels with at least one subscriber matching {@code pattern} (all when null). */
    public synchronized List<byte[]> activeChannels(byte[] pattern) {
        return active(channels, pattern);
    }

    /** Shard channels with at least one subscriber matching {@code pattern} (all when null). */
    public synchronized List<byte[]> activeShardChannels(byte[] pattern) {
        return active(shardChannels, pattern);
    }

    public synchronized int subscriberCount(byte[] channel) {
        return count(channels, channel);
    }

    public synchronized int shardSubscriberCount(byte[] shardChannel) {
        return count(shardChannels, shardChannel);
    }

    /** Unique patterns subscribed to. */
    public synchronized int patternCount() {
        return patterns.size();
    }

    public synchronized int channelCount() {
        return channels.size();
    }

    public synchronized int shardChannelCount() {
        return shardChannels.size();
    }

    /** Sends {@code message} to the subscribers of {@code channel} and the matching patterns; returns how many. */
    public int publish(byte[] channel, byte[] message, ClientSession publisher) {
        List<ClientSession> direct;
        List<Map.Entry<ChannelName, ClientSession>> matched = new ArrayList<>();
        synchronized (this) {
            Set<ClientSession> subscribers = channels.get(new ChannelName(channel));
            direct = subscribers == null ? List.of() : List.copyOf(subscribers);
            patterns.forEach((pattern, sessions) -> {
                if (Glob.matches(pattern.bytes(), channel, false)) {
                    sessions.forEach(session -> matched.add(Map.entry(pattern, session)));
                }
            });
        }
        int delivered = deliver(direct, ChannelKind.CHANNEL, "message", channel, message, publisher);
        for (Map.Entry<ChannelName, ClientSession> match : matched) {
            boolean sent = deliverIfHeld(match.getValue(), ChannelKind.PATTERN, match.getKey(), publisher, w -> {
                w.push(4);
                w.bulk("pmessage");
                w.bulk(match.getKey().bytes());
                w.bulk(channel);
                w.bulk(message);
            });
            delivered += sent ? 1 : 0;
        }
        return delivered;
    }

    /** Sends {@code message} to the subscribers of shard channel {@code shardChannel}; returns how many. */
    public int spublish(byte[] shardChannel, byte[] message, ClientSession publisher) {
        List<ClientSession> subscribers;
        synchronized (this) {
            Set<ClientSession> found = shardChannels.get(new ChannelName(shardChannel));
            subscribers = found == null ? List.of() : List.copyOf(found);
        }
        return deliver(subscribers, ChannelKind.SHARD_CHANNEL, "smessage", shardChannel, message, publisher);
    }

    private int deliver(List<ClientSession> subscribers, ChannelKind held, String kind, byte[] channel, byte[] message,
                        ClientSession publisher) {
        ChannelName name = new ChannelName(channel);
        int delivered = 0;
        for (ClientSession session : subscribers) {
            boolean sent = deliverIfHeld(session, held, name, publisher, w -> {
                w.push(3);
                w.bulk(kind);
                w.bulk(channel);
                w.bulk(message);
            });
            delivered += sent ? 1 : 0;
        }
        return delivered;
    }

    /**
     * Queues {@code message} for {@code session} only while it still holds {@code name}, under the monitor of
     * its subscriptions, which unsubscribing takes too: a message taken for a subscriber that is leaving is
     * queued before its subscription goes, so the unsubscribe writes it before its confirmation
     * ({@link PushDelivery#moveWaitingIntoReplies}), or not at all; never after the confirmation, where a
     * RESP2 client back out of the subscribed context would read it as the reply to its next command.
     */
    private boolean deliverIfHeld(ClientSession session, ChannelKind held, ChannelName name, ClientSession publisher,
                                  Consumer<RespWriter> message) {
        Subscriptions subscriptions = session.subscriptions();
        synchronized (subscriptions) {
            if (!held.of(subscriptions).contains(name)) {
                return false;
            }
            delivery.deliver(session, publisher, message);
            return true;
        }
    }

    /** Which of a connection's subscription sets a message is for. */
    private enum ChannelKind {
        CHANNEL, PATTERN, SHARD_CHANNEL;

        Set<ChannelName> of(Subscriptions subscriptions) {
            return switch (this) {
                case CHANNEL -> subscriptions.channels;
                case PATTERN -> subscriptions.patterns;
                case SHARD_CHANNEL -> subscriptions.shardChannels;
            };
        }
    }

    private static List<byte[]> active(Map<ChannelName, Set<ClientSession>> index, byte[] pattern) {
        List<byte[]> found = new ArrayList<>();
        for (ChannelName channel : index.keySet()) {
            if (pattern == null || Glob.matches(pattern, channel.bytes(), false)) {
                found.add(channel.bytes().clone());
            }
        }
        return found;
    }

    private static int count(Map<ChannelName, Set<ClientSession>> index, byte[] channel) {
        Set<ClientSession> subscribers = index.get(new ChannelName(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    private synchronized boolean add(Map<ChannelName, Set<ClientSession>> index, Set<ChannelName> own,
                                     ClientSession session, ChannelName name) {
        synchronized (session.subscriptions()) {
            if (!own.add(name)) {
                return false;
            }
        }
        index.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(session);
        return true;
    }

    private synchronized boolean remove(Map<ChannelName, Set<ClientSession>> index, Set<ChannelName> own,
                                        ClientSession session, ChannelName name) {
        synchronized (session.subscriptions()) {
            if (!own.remove(name)) {
                return false;
            }
        }
        Set<ClientSession> sessions = index.get(name);
        sessions.remove(session);
        if (sessions.isEmpty()) {
            index.remove(name);
        }
        return true;
    }

    private static List<byte[]> names(Set<ChannelName> own, Subscriptions lock) {
        synchronized (lock) {
            return own.stream().map(ChannelName::bytes).toList();
        }
    }
}
