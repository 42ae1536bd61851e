/**
 * The keyspace: numbered {@link io.sealedkv.engine.keyspace.Database}s of sealed values, lazy and
 * active expiry with millisecond precision, and {@link io.sealedkv.engine.keyspace.WritePath}, the one
 * way anything changes. See {@link io.sealedkv.engine.keyspace.Keyspace} for the threading model.
 *
 * <p>Memory: per key, one 32-byte {@link io.sealedkv.engine.keyspace.Entry} (where the name and value
 * are, access clock, origin and expiry slot, chain link) and a bucket slot; a key holding a string of up
 * to 8 KiB sealed and a name of up to 1 KiB keeps both together in one cell of its table's
 * {@link io.sealedkv.engine.keyspace.ValueArena}, off the heap; other keys keep both on the heap in a
 * {@code HeapKey}. Expiry times live in a dense array only for keys that have one.
 */
package io.sealedkv.engine.keyspace;
