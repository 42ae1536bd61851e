package io.sealedkv.engine.resp;

/**
 * What the decoder emits instead of a request when the input breaks the protocol: the connection is
 * answered with {@code -ERR Protocol error: <reason>} and closed; a {@linkplain #silent() silent} error
 * closes it without a reply.
 */
public record ProtocolError(String reason, String logMessage) {
    /** A request that looks like HTTP (cross-protocol scripting). */
    static final ProtocolError SECURITY = new ProtocolError(null,
            "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to SealedKV.");
    static final ProtocolError QUERY_BUFFER_LIMIT = new ProtocolError(null,
            "Closing client that reached max query buffer length (client-query-buffer-limit)");

    static ProtocolError of(String reason) {
        return new ProtocolError(reason, null);
    }

    public boolean silent() {
        return reason == null;
    }
}
