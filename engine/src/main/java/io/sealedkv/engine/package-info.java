/**
 * SealedKV's server: a Redis-compatible server in which every value is sealed.
 *
 * <h2>Running it</h2>
 * {@code bin/sealedkv-server [sealedkv.conf] [--name value ...]} takes what redis-server takes: an
 * optional config file in Redis's syntax, then overrides such as
 * {@code bin/sealedkv-server --port 7000 --dir ./data-7000 --save ""}. It builds
 * {@code engine/target/sealedkv-server.jar} first when it is missing. Without further configuration
 * the server listens on 127.0.0.1 and ::1, port 6379, and seals values with a development keystore
 * created on first start under {@code dir} (with a loud warning: its passphrase sits next to it).
 * SIGTERM and SHUTDOWN stop it cleanly. See {@link io.sealedkv.engine.config.Config} for the parameters
 * and where they differ from Redis.
 *
 * <h2>How it is built</h2>
 * <ul>
 *   <li>{@link io.sealedkv.engine.resp}: the protocol, decoded by an explicit state machine that checks
 *       every limit before buffering, replies written in RESP2 or RESP3.</li>
 *   <li>{@link io.sealedkv.engine.server}: Netty (io_uring, else epoll, else NIO); each connection's commands run on
 *       its network thread, in order.</li>
 *   <li>{@link io.sealedkv.engine.command}: the command table (metadata as data) and one package per
 *       family, each ending with its table.</li>
 *   <li>{@link io.sealedkv.engine.keyspace}: the databases, expiry, the one write path, and the global
 *       lock that makes commands atomic while sealing runs outside it where it can. String values up to
 *       8 KiB sealed live outside the Java heap in each database's value arena (direct pages of
 *       size-classed cells), so the young collector neither copies them nor keeps headroom for them.</li>
 *   <li>{@link io.sealedkv.engine.config}: config file, overrides, CONFIG GET/SET.</li>
 * </ul>
 *
 * <h2>What is sealed</h2>
 * Values are sealed by the codec for their database identity and key name, and a stored value is
 * only ever its sealed bytes. A plaintext exists while a command runs: request arguments are wiped
 * when the command ends, opened values are wiped once written to the (off-heap) reply buffer. Key
 * names, types, expiry times and sizes are not hidden.
 */
package io.sealedkv.engine;
