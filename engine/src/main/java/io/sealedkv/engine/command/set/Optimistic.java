package io.sealedkv.engine.command.set;

import io.sealedkv.engine.command.CommandContext;
import java.util.function.Supplier;

/**
 * Runs a set command that reads under the lock, opens and seals without it and commits under the lock
 * again only if what it read is unchanged: an attempt answers null when it lost a race. After
 * {@value #ATTEMPTS} lost races the attempt runs holding the (reentrant) lock throughout, where it
 * cannot lose, so a set changed without pause cannot keep a command spinning.
 */
final class Optimistic {
    private static final int ATTEMPTS = 3;

    private Optimistic() {
    }

    static <R> R run(CommandContext c, Supplier<R> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            R done = attempt.get();
            if (done != null) {
                return done;
            }
        }
        try (var lock = c.lock()) {
            R done = attempt.get();
            if (done == null) {
                throw new IllegalStateException("a set command lost a race while holding the lock");
            }
            return done;
        }
    }
}
