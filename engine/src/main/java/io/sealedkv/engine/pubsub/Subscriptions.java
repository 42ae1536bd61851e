package io.sealedkv.engine.pubsub;

import java.util.LinkedHashSet;
import java.util.Set;

/** One connection's channel, pattern and shard channel subscriptions, in the order they were made. */
public final class Subscriptions {
    final Set<ChannelName> channels = new LinkedHashSet<>();
    final Set<ChannelName> patterns = new LinkedHashSet<>();
    final Set<ChannelName> shardChannels = new LinkedHashSet<>();

    public synchronized int channelCount() {
        return channels.size();
    }

    public synchronized int patternCount() {
        return patterns.size();
    }

    /** What SSUBSCRIBE and SUNSUBSCRIBE reply as the count: shard channels are counted apart (Redis 7.0). */
    public synchronized int shardChannelCount() {
        return shardChannels.size();
    }

    /** What SUBSCRIBE and friends reply as the count: channels plus patterns. */
    public synchronized int total() {
        return channels.size() + patterns.size();
    }

    /**
     * In RESP2 a connection with any subscription, shard channels included, accepts only the pub/sub
     * commands, PING, QUIT and RESET.
     */
    public synchronized boolean any() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }
}
