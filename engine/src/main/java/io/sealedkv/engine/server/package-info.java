/**
 * The network side: {@link io.sealedkv.engine.server.SealedKvServer} (Netty bootstrap on io_uring, epoll or NIO),
 * one {@link io.sealedkv.engine.server.ClientSession} per connection, and dispatch of decoded requests
 * to the command table on the connection's own network thread, replies written in request order.
 */
package io.sealedkv.engine.server;
