package io.sealedkv.engine.blocking;

import io.sealedkv.engine.command.CommandContext;

/**
 * The reply of a served blocked command, written on the blocked client's own network thread, outside
 * the keyspace lock (so opening the popped elements happens there), through that client's context.
 */
@FunctionalInterface
public interface BlockedReply {
    void write(CommandContext c);
}
