/** Pub/sub: who subscribes to what, and delivery of published messages under the output limits. */
package io.sealedkv.engine.pubsub;
