package io.sealedkv.engine.keyspace;

/**
 * Receives every change to the keyspace as the command that makes it, in the order the changes
 * happened (it is called under the keyspace lock): the feed for replication and the append-only file.
 * Expiries arrive as {@code DEL}. A listener must copy what it keeps: the arrays are reused afterwards.
 */
@FunctionalInterface
public interface PropagationListener {
    void propagate(int database, byte[][] argv);
}
