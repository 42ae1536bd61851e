/**
 * The keyspace: numbered {@link io.sealedkv.engine.keyspace.Database}s of sealed values, lazy and
 * active expiry with millisecond precision, and {@link io.sealedkv.engine.keyspace.WritePath}, the one
 * way anything changes. See {@link io.sealedkv.engine.keyspace.Keyspace} for the threading model.
 *
 * <p>Memory: per key, a 4-byte bucket slot and where it lives: a key holding a string of up to 8 KiB
 * sealed and a name of up to 1 KiB keeps both together in one cell of its table's
 * {@link io.sealedkv.engine.keyspace.ValueArena}, off the heap, with its chain link, access clock,
 * origin and expiry slot in a 12-byte header, and no Java object (commands get a short-lived view,
 * see {@link io.sealedkv.engine.keyspace.Entry}); other keys keep both on the heap in a {@code HeapKey}
 * held by a 32-byte {@link io.sealedkv.engine.keyspace.Entry} node with those fields. Expiry times live
 * in a dense array only for keys that have one.
 */
package io.sealedkv.engine.keyspace;
