package io.sealedkv.engine.monitoring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * SLOWLOG: the latest commands that ran longer than {@code slowlog-log-slower-than} microseconds, at
 * most {@code slowlog-max-len}, newest first. Arguments are stored as {@link ShownArguments} made
 * them, so hidden values never enter the log.
 */
public final class SlowLog {
    private static final int MAX_ARGS = 32;
    private static final int MAX_ARG_BYTES = 128;

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /** One logged command. */
    public record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String client, String name) {
    }

    public synchronized void add(long micros, List<byte[]> args, String client, String name, int maxLength) {
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, trimmed(args), client, name));
        while (entries.size() > Math.max(0, maxLength)) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries (all when negative). */
    public synchronized List<Entry> latest(long count) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries) {
            if (count >= 0 && found.size() >= count) {
                break;
            }
            found.add(entry);
        }
        return found;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void reset() {
        entries.clear();
    }

    /** Redis keeps 32 arguments and 128 bytes of each, saying how much it left out. */
    private static List<byte[]> trimmed(List<byte[]> args) {
        List<byte[]> kept = new ArrayList<>();
        int shown = args.size() > MAX_ARGS ? MAX_ARGS - 1 : args.size();
        for (int i = 0; i < shown; i++) {
            byte[] arg = args.get(i);
            if (arg.length > MAX_ARG_BYTES) {
                String more = "... (" + (arg.length - MAX_ARG_BYTES) + " more bytes)";
                byte[] cut = java.util.Arrays.copyOf(arg, MAX_ARG_BYTES + more.length());
                System.arraycopy(more.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, cut, MAX_ARG_BYTES,
                        more.length());
                arg = cut;
            }
            kept.add(arg);
        }
        if (shown < args.size()) {
            kept.add(("... (" + (args.size() - shown) + " more arguments)")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return kept;
    }
}
