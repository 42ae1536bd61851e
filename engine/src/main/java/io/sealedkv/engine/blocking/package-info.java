/**
 * Blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...): a command that finds nothing to serve registers its
 * client with {@link io.sealedkv.engine.blocking.BlockedClients#block} on its keys, a timeout and a
 * retry {@link io.sealedkv.engine.blocking.BlockedAction}; writes mark waited keys ready, and when the
 * writing command releases the keyspace lock the waiters of each ready key are retried in the order
 * they blocked.
 */
package io.sealedkv.engine.blocking;
