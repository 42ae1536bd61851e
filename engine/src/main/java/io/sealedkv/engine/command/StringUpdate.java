package io.sealedkv.engine.command;

import io.sealedkv.engine.keyspace.StringOrigin;

/**
 * A computation on the plaintext of a string key for {@link CommandContext#update}: from the current
 * value (null when the key does not exist) to the new value and the command's result. It may run more
 * than once, so its only side effect may be {@link CommandContext#propagateAs}; it may throw a
 * {@link CommandException}.
 */
@FunctionalInterface
public interface StringUpdate<R> {
    Result<R> apply(byte[] current);

    /** The value to store (null: change nothing), what the command replies, and how the value came to be. */
    record Result<R>(byte[] value, R reply, StringOrigin origin) {
        /** A value whose encoding follows from its content, as for a value a client sent. */
        public Result(byte[] value, R reply) {
            this(value, reply, StringOrigin.STORED);
        }
    }
}
