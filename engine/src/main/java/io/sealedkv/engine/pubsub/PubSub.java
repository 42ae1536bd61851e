package io.sealedkv.engine.pubsub;

import io.netty.buffer.ByteBuf;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels and patterns and who subscribes to them, and PUBLISH. The maps are guarded by this
 * object's monitor; messages are written outside it. A message for another connection is encoded in
 * that connection's protocol (RESP2 array or RESP3 push) into a buffer of its own and handed to its
 * channel, which writes it on its event loop; a message for the publishing connection itself goes into
 * its reply stream, so it keeps its place among that connection's replies. Message buffers are zeroed
 * once sent, like replies.
 */
public final class PubSub {
    private static final Logger LOG = LoggerFactory.getLogger(PubSub.class);

    private final Map<ChannelName, Set<ClientSession>> channels = new HashMap<>();
    private final Map<ChannelName, Set<ClientSession>> patterns = new HashMap<>();
    private final Supplier<ClientOutputBufferLimits> limits;

    public PubSub(Supplier<ClientOutputBufferLimits> limits) {
        this.limits = limits;
    }

    /** Subscribes; false when it already was. */
    public boolean subscribe(ClientSession session, byte[] channel) {
        return add(channels, session.subscriptions().channels, session, new ChannelName(channel));
    }

    public boolean psubscribe(ClientSession session, byte[] pattern) {
        return add(patterns, session.subscriptions().patterns, session, new ChannelName(pattern));
    }

    /** Unsubscribes; false when it was not subscribed. */
    public boolean unsubscribe(ClientSession session, byte[] channel) {
        return remove(channels, session.subscriptions().channels, session, new ChannelName(channel));
    }

    public boolean punsubscribe(ClientSession session, byte[] pattern) {
        return remove(patterns, session.subscriptions().patterns, session, new ChannelName(pattern));
    }

    /** The session's channels, in subscription order (UNSUBSCRIBE without arguments). */
    public List<byte[]> channelsOf(ClientSession session) {
        return names(session.subscriptions().channels, session.subscriptions());
    }

    public List<byte[]> patternsOf(ClientSession session) {
        return names(session.subscriptions().patterns, session.subscriptions());
    }

    /** Drops every subscription of a connection (disconnect, RESET). */
    public void unsubscribeAll(ClientSession session) {
        channelsOf(session).forEach(channel -> unsubscribe(session, channel));
        patternsOf(session).forEach(pattern -> punsubscribe(session, pattern));
    }

    /** Channels with at least one subscriber matching {@code pattern} (all when null). */
    public synchronized List<byte[]> activeChannels(byte[] pattern) {
        List<byte[]> found = new ArrayList<>();
        for (ChannelName channel : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, channel.bytes(), false)) {
                found.add(channel.bytes().clone());
            }
        }
        return found;
    }

    public synchronized int subscriberCount(byte[] channel) {
        Set<ClientSession> subscribers = channels.get(new ChannelName(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Unique patterns subscribed to. */
    public synchronized int patternCount() {
        return patterns.size();
    }

    public synchronized int channelCount() {
        return channels.size();
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
        for (ClientSession session : direct) {
            deliver(session, publisher, w -> {
                w.push(3);
                w.bulk("message");
                w.bulk(channel);
                w.bulk(message);
            });
        }
        for (Map.Entry<ChannelName, ClientSession> match : matched) {
            deliver(match.getValue(), publisher, w -> {
                w.push(4);
                w.bulk("pmessage");
                w.bulk(match.getKey().bytes());
                w.bulk(channel);
                w.bulk(message);
            });
        }
        return direct.size() + matched.size();
    }

    private void deliver(ClientSession session, ClientSession publisher, java.util.function.Consumer<RespWriter> message) {
        if (session == publisher) {
            RespWriter own = session.writer();
            boolean muted = own.muted();
            own.muted(false);
            message.accept(own);
            own.muted(muted);
            return;
        }
        RespWriter writer = new RespWriter();
        writer.protocol(session.protocol());
        writer.target(session.channel().alloc().ioBuffer());
        message.accept(writer);
        ByteBuf encoded = writer.target();
        send(session, encoded);
    }

    private void send(ClientSession session, ByteBuf encoded) {
        int bytes = encoded.readableBytes();
        PushOutput output = session.pushOutput();
        output.queued(bytes);
        ClientOutputBufferLimits.Limit limit = limits.get().pubsub();
        if (output.overLimit(limit.hardBytes(), limit.softBytes(), limit.softSeconds(), System.currentTimeMillis())) {
            output.sent(bytes);
            encoded.setZero(0, encoded.capacity());
            encoded.release();
            LOG.warn("Client {} closed for overcoming of output buffer limits.", session.address());
            session.channel().close();
            return;
        }
        encoded.retain();
        session.channel().writeAndFlush(encoded).addListener(done -> {
            output.sent(bytes);
            encoded.setZero(0, encoded.capacity());
            encoded.release();
        });
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
