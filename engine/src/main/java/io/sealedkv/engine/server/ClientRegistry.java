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
    private int count;

    long nextId() {
        return nextId.getAndIncrement();
    }

    /** Registers the client unless {@code max} clients are already connected; atomic across threads. */
    synchronized boolean tryAdd(ClientSession session, long max) {
        if (count >= max) {
            return false;
        }
        clients.put(session.id(), session);
        count++;
        return true;
    }

    synchronized void remove(ClientSession session) {
        if (clients.remove(session.id()) != null) {
            count--;
        }
    }

    public synchronized int size() {
        return count;
    }

    /** The connected client with {@code id}, or null. */
    public ClientSession byId(long id) {
        return clients.get(id);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(clients.values());
    }

    /** The bytes all clients' buffers hold (MEMORY STATS clients.normal: no client here is a replica). */
    public long memoryBytes() {
        long total = 0;
        for (ClientSession session : clients.values()) {
            total += session.memoryBytes();
        }
        return total;
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
