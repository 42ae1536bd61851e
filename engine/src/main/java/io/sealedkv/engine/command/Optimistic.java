package io.sealedkv.engine.command;

import java.util.function.Supplier;

/**
 * Runs a command that reads under the lock, opens and seals without it and commits under the lock
 * again only if what it read is unchanged: an attempt answers null when it lost a race. After
 * {@value #ATTEMPTS} lost races the attempt runs holding the (reentrant) lock throughout, where it
 * cannot lose, so a value changed without pause cannot keep a command spinning. The attempts after the
 * first look their keys up without counting keyspace hits and misses or firing keymiss again
 * ({@link CommandContext#readLookupFlags}): the command looked them up once, as in Redis.
 */
public final class Optimistic {
    private static final int ATTEMPTS = 3;

    private Optimistic() {
    }

    public static <R> R run(CommandContext c, Supplier<R> attempt) {
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                c.retrying(i > 0);
                R done = attempt.get();
                if (done != null) {
                    return done;
                }
            }
            c.retrying(true);
            try (var lock = c.lock()) {
                R done = attempt.get();
                if (done == null) {
                    throw new IllegalStateException("a command lost a race while holding the lock");
                }
                return done;
            }
        } finally {
            c.retrying(false);
        }
    }
}
