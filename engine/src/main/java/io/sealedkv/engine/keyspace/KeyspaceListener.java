package io.sealedkv.engine.keyspace;

/** Told of every modified key, under the keyspace lock: the hook for WATCH and client-side caching. */
public interface KeyspaceListener {
    void keyModified(int database, byte[] key);

    /**
     * {@code emptied} is about to lose all its keys (FLUSHDB, FLUSHALL; {@code replacedWith} null) or to get
     * {@code replacedWith}'s (SWAPDB, called for each side): the moment to see which keys exist before.
     */
    default void databaseEmptying(Database emptied, Database replacedWith) {
    }

    /** Every key of the database may have changed (FLUSHDB, FLUSHALL, SWAPDB). */
    void databaseChanged(int database);

    /** SWAPDB gave the database another's contents; by default the same as {@link #databaseChanged}. */
    default void databaseSwapped(int database) {
        databaseChanged(database);
    }
}
