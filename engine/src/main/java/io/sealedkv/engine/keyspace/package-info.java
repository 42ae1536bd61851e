/**
 * The keyspace: numbered {@link io.sealedkv.engine.keyspace.Database}s of sealed values, lazy and
 * active expiry with millisecond precision, and {@link io.sealedkv.engine.keyspace.WritePath}, the one
 * way anything changes. See {@link io.sealedkv.engine.keyspace.Keyspace} for the threading model.
 *
 * <p>Memory: per key, one {@link io.sealedkv.engine.keyspace.Entry} (name, cached hash, value,
 * access clock, expiry slot, chain link), the key bytes and the sealed value bytes; expiry times live
 * in a dense array only for keys that have one.
 */
package io.sealedkv.engine.keyspace;
