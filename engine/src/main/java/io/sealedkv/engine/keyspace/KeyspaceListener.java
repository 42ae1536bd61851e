package io.sealedkv.engine.keyspace;

/** Told of every modified key, under the keyspace lock: the hook for WATCH and client-side caching. */
@FunctionalInterface
public interface KeyspaceListener {
    void keyModified(int database, byte[] key);
}
