package io.sealedkv.engine.testing;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.KeyspaceListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a server's writes cause besides their replies, recorded as text for comparisons: the commands
 * propagated ("db argv"), the keyspace notifications sent ("channel message") and the keys signalled
 * to WATCH and tracking ("db key", "db *" for a whole database).
 */
public final class RecordedEffects {
    private final List<String> propagated = new CopyOnWriteArrayList<>();
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final List<String> signalled = new CopyOnWriteArrayList<>();

    /** Starts recording what {@code keyspace}'s writes cause (its notification sink is replaced). */
    public static RecordedEffects of(Keyspace keyspace) {
        RecordedEffects effects = new RecordedEffects();
        keyspace.writes().addPropagationListener((db, argv) -> effects.propagated.add(db + " " + text(argv)));
        keyspace.events().sink((channel, message) -> effects.notified.add(text(channel) + " " + text(message)));
        keyspace.writes().addKeyspaceListener(new KeyspaceListener() {
            @Override
            public void keyModified(int database, byte[] key) {
                effects.signalled.add(database + " " + text(key));
            }

            @Override
            public void databaseChanged(int database) {
                effects.signalled.add(database + " *");
            }
        });
        return effects;
    }

    public void clear() {
        propagated.clear();
        notified.clear();
        signalled.clear();
    }

    public List<String> propagated() {
        return List.copyOf(propagated);
    }

    public List<String> notified() {
        return List.copyOf(notified);
    }

    public List<String> signalled() {
        return List.copyOf(signalled);
    }

    private static String text(byte[][] argv) {
        StringBuilder line = new StringBuilder();
        for (byte[] arg : argv) {
            line.append(line.length() == 0 ? "" : " ").append(text(arg));
        }
        return line.toString();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
