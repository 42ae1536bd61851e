package io.sealedkv.engine.pubsub;

import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.server.ClientSession;

/**
 * Publishes keyspace notifications (and tracking invalidations on {@code __redis__:invalidate}) as
 * messages no client sent. It knows which connection's command holds the keyspace lock, so a
 * notification for that connection keeps its place among its replies; used under the lock only.
 */
public final class EventPublisher implements KeyspaceEvents.Sink {
    private final PubSub pubSub;
    private ClientSession running;

    public EventPublisher(PubSub pubSub) {
        this.pubSub = pubSub;
    }

    /** The connection whose command holds the keyspace lock, or null (expiry cycle, eviction). */
    public void running(ClientSession session) {
        this.running = session;
    }

    public ClientSession running() {
        return running;
    }

    @Override
    public void publish(byte[] channel, byte[] message) {
        pubSub.publish(channel, message, running);
    }
}
