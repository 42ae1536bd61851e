/** Client-side caching: CLIENT TRACKING's table of tracked keys, prefixes and invalidation messages. */
package io.sealedkv.engine.tracking;
