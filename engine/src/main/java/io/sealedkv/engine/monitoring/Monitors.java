package io.sealedkv.engine.monitoring;

import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.pubsub.PushDelivery;
import io.sealedkv.engine.server.ClientSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * MONITOR: every command run is sent to the monitoring connections as one status line, Redis's
 * format ({@code +1700000000.123456 [0 127.0.0.1:5000] "set" "k" "(redacted)"}), its arguments as
 * {@link ShownArguments} shows them.
 */
public final class Monitors {
    private final Set<ClientSession> sessions = new CopyOnWriteArraySet<>();
    private final PushDelivery delivery;

    public Monitors(PushDelivery delivery) {
        this.delivery = delivery;
    }

    public void add(ClientSession session) {
        sessions.add(session);
        session.monitor(true);
    }

    public void remove(ClientSession session) {
        sessions.remove(session);
        session.monitor(false);
    }

    public boolean any() {
        return !sessions.isEmpty();
    }

    public int count() {
        return sessions.size();
    }

    /** Sends the line for a command {@code from} ran to every monitor. */
    public void feed(ClientSession from, List<byte[]> shownArgs) {
        String line = line(from, shownArgs);
        for (ClientSession monitor : sessions) {
            delivery.deliver(monitor, from, w -> w.simple(line));
        }
    }

    private static String line(ClientSession from, List<byte[]> args) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        StringBuilder line = new StringBuilder();
        line.append(micros / 1_000_000).append('.').append(String.format(java.util.Locale.ROOT, "%06d", micros % 1_000_000))
                .append(" [").append(from.database()).append(' ').append(from.address()).append(']');
        for (byte[] arg : args) {
            line.append(' ');
            if (ShownArguments.isRedacted(arg)) {
                line.append(ShownArguments.REDACTED);
            } else {
                line.append(Text.repr(arg));
            }
        }
        return line.toString();
    }
}
