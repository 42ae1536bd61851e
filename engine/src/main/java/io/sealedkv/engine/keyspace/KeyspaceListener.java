package io.sealedkv.engine.keyspace;

/** Told of every modified key, under the keyspace lock: the hook for WATCH and client-side caching. */
public interface KeyspaceListener {
    void keyModified(int database, byte[] key);

    /** Every key of the database may have changed (FLUSHDB, FLUSHALL, SWAPDB). */
    void databaseChanged(int database);

    /** SWAPDB gave the database another's contents; by default the same as {@link #databaseChanged}. */
    default void databaseSwapped(int database) {
        databaseChanged(database);
    }
}
