package io.sealedkv.engine.keyspace;

/**
 * The name and value of a key that has no cell in its table's {@link ValueArena}: a collection, a string
 * too long for a cell, or any key once the arena cannot grow. The value is a {@link CollectionValue} or
 * the sealed string; the name is the entry's own copy.
 */
record HeapKey(byte[] key, Object value) {
}
