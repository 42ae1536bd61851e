package io.sealedkv.engine.resp;

/**
 * The limits the decoder checks before it buffers anything, read live so CONFIG SET takes effect on
 * open connections.
 */
public interface ProtocolLimits {
    /** Largest bulk string a client may send ({@code proto-max-bulk-len}). */
    long maxBulkLength();

    /** Largest unprocessed query buffer before the client is closed ({@code client-query-buffer-limit}). */
    long queryBufferLimit();

    /** Until a client authenticates, requests are capped at 10 arguments of 16 KB each, as in Redis. */
    boolean authenticated();
}
