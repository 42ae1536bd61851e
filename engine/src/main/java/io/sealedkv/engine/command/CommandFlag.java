package io.sealedkv.engine.command;

import java.util.Locale;

/** Command flags as COMMAND INFO lists them, in Redis's order (its flag bits, lowest first). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_SLOWLOG, FAST, NO_AUTH,
    NO_MULTI, MOVABLEKEYS, ALLOW_BUSY;

    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CommandFlag parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
