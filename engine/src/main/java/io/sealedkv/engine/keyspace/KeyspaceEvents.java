package io.sealedkv.engine.keyspace;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications as Redis 7.0 sends them ({@code notify-keyspace-events}): after a change,
 * the command (or the expiry cycle, or eviction) fires an event of one class; if that class is
 * enabled, {@code __keyspace@<db>__:<key>} receives the event name and {@code __keyevent@<db>__:<event>}
 * receives the key, through the {@link Sink} (pub/sub). Fired under the keyspace lock, so events reach
 * subscribers in the order of the changes. Key names travel in clear, as every key name does on the
 * wire; values are never part of an event.
 */
public final class KeyspaceEvents {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** What the letter A stands for: every class except key misses and new keys. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** Where notifications go: a PUBLISH that no client issued. */
    public interface Sink {
        void publish(byte[] channel, byte[] message);
    }

    private volatile int flags;
    private volatile Sink sink = (channel, message) -> { };

    public void sink(Sink sink) {
        this.sink = sink;
    }

    /** Applies a {@code notify-keyspace-events} value parsed by {@link #classes}. */
    public void configure(Classes classes) {
        this.flags = classes.flags();
    }

    /** True when events of {@code type} are sent at all (saves work when they are not). */
    public boolean enabled(int type) {
        int current = flags;
        return (current & type) != 0 && (current & (KEYSPACE | KEYEVENT)) != 0;
    }

    /** Sends event {@code event} of class {@code type} about {@code key} of database {@code database}. */
    public void fire(int type, String event, int database, byte[] key) {
        int current = flags;
        if ((current & type) == 0) {
            return;
        }
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((current & KEYSPACE) != 0) {
            sink.publish(concat("__keyspace@" + database + "__:", key), name);
        }
        if ((current & KEYEVENT) != 0) {
            sink.publish(concat("__keyevent@" + database + "__:", name), key);
        }
    }

    private static byte[] concat(String prefix, byte[] tail) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] channel = new byte[head.length + tail.length];
        System.arraycopy(head, 0, channel, 0, head.length);
        System.arraycopy(tail, 0, channel, head.length, tail.length);
        return channel;
    }

    /**
     * A {@code notify-keyspace-events} value: its flags, and as text what CONFIG GET prints (A for all
     * of {@link #ALL}, then K, E, m), which, as in Redis, does not show n beside A.
     */
    public record Classes(int flags) {
        @Override
        public String toString() {
            return format(flags);
        }
    }

    /** Parses the letters; IllegalArgumentException for one that names no class. */
    public static Classes classes(String letters) {
        return new Classes(parse(letters));
    }

    static int parse(String classes) {
        int parsed = 0;
        for (int i = 0; i < classes.length(); i++) {
            parsed |= switch (classes.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            };
        }
        return parsed;
    }

    static String format(int flags) {
        StringBuilder text = new StringBuilder();
        if ((flags & ALL) == ALL) {
            text.append('A');
        } else {
            String letters = "g$lshzxetdn";
            int[] classes = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};
            for (int i = 0; i < classes.length; i++) {
                if ((flags & classes[i]) != 0) {
                    text.append(letters.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            text.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            text.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            text.append('m');
        }
        return text.toString();
    }
}
