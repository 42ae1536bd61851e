package io.sealedkv.engine.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code client-output-buffer-limit}: per client class (normal, replica, pubsub) a hard limit in
 * bytes, a soft limit and how many seconds a client may stay over the soft one; 0 disables a limit.
 * A value sets only the classes it names, the others keep their current limits, as in Redis.
 */
public final class ClientOutputBufferLimits {
    static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    private static final String[] CLASSES = {"normal", "slave", "pubsub"};

    private final long[][] limits;

    private ClientOutputBufferLimits(long[][] limits) {
        this.limits = limits;
    }

    /** One class's limits. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
        public boolean none() {
            return hardBytes == 0 && softBytes == 0;
        }
    }

    public Limit pubsub() {
        return limit(2);
    }

    public Limit normal() {
        return limit(0);
    }

    private Limit limit(int index) {
        long[] l = limits[index];
        return new Limit(l[0], l[1], l[2]);
    }

    /** Parses {@code text} over {@code current} (null at start-up: all zero before the default applies). */
    static ClientOutputBufferLimits parse(String text, ClientOutputBufferLimits current) {
        long[][] next = current == null ? new long[3][3] : Arrays.stream(current.limits).map(long[]::clone)
                .toArray(long[][]::new);
        String[] words = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        if (words.length % 4 != 0) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        for (int i = 0; i < words.length; i += 4) {
            int index = classIndex(words[i]);
            if (index < 0) {
                throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
            Long hard = MemoryUnits.parse(words[i + 1]);
            Long soft = MemoryUnits.parse(words[i + 2]);
            Long seconds = MemoryUnits.parse(words[i + 3]);
            if (hard == null || soft == null || seconds == null) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            next[index] = new long[] {hard, soft, seconds};
        }
        return new ClientOutputBufferLimits(next);
    }

    private static int classIndex(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("replica")) {
            return 1;
        }
        return Arrays.asList(CLASSES).indexOf(lower);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < CLASSES.length; i++) {
            text.append(i == 0 ? "" : " ").append(CLASSES[i]);
            for (long value : limits[i]) {
                text.append(' ').append(value);
            }
        }
        return text.toString();
    }
}
