package io.sealedkv.engine.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients, by id, in connection order. */
public final class ClientRegistry {
    private final Map<Long, ClientSession> clients = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    long nextId() {
        return nextId.getAndIncrement();
    }

    /**
     * Adds {@code session} unless {@code max} clients are registered already: one atomic step, as
     * connections arrive on several network threads at once.
     */
    synchronized boolean addWithin(ClientSession session, long max) {
        if (clients.size() >= max) {
            return false;
        }
        clients.put(session.id(), session);
        return true;
    }

    void remove(ClientSession session) {
        clients.remove(session.id());
    }

    public int size() {
        return clients.size();
    }

    public ClientSession byId(long id) {
        return clients.get(id);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(clients.values());
    }

    /** Clients connected from {@code address} ({@code ip:port}). */
    public List<ClientSession> byAddress(String address) {
        List<ClientSession> found = new ArrayList<>();
        for (ClientSession session : clients.values()) {
            if (session.address().equals(address)) {
                found.add(session);
            }
        }
        return found;
    }
}
