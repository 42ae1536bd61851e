package io.sealedkv.engine.blocking;

import io.sealedkv.engine.keyspace.Database;

/**
 * What a blocked command tries again when one of its keys is ready: called under the keyspace lock, on
 * the thread of whichever command made the key ready, before any other command runs. It must not
 * touch the blocked client's connection or context: it changes the keyspace as the command would,
 * propagates that change itself ({@code keyspace.writes().propagate}, e.g. BLPOP as LPOP), and returns
 * the reply to write, or null to keep waiting (the key is empty again, or holds another type).
 */
@FunctionalInterface
public interface BlockedAction {
    BlockedReply attempt(Database db, byte[] readyKey);

    /** The reply when the wait ends unserved (its timeout, CLIENT UNBLOCK): a null array, as BLPOP's. */
    default BlockedReply unserved() {
        return c -> c.reply().nullArray();
    }
}
