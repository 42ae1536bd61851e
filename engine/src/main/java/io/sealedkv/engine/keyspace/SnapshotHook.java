package io.sealedkv.engine.keyspace;

/**
 * What a snapshot in progress registers with the {@link WritePath} to keep its point in time: it is
 * told, under the keyspace lock, before a collection is changed in place, so it can first write the
 * version it still needs. Strings need no hook: their sealed arrays are replaced, never changed.
 */
public interface SnapshotHook {
    /** {@code value} is about to change in place; it is still as it was before the change. */
    void beforeChange(CollectionValue value);
}
