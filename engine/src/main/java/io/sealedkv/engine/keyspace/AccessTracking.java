package io.sealedkv.engine.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What an entry's access field holds, as in Redis: under an LRU (or no) eviction policy, the seconds
 * clock of the last access; under an LFU policy, a logarithmic access counter (8 bits) and the minute
 * it was last decayed (16 bits). New keys start with counter 5; each access increments it with
 * probability 1 / ((counter - 5) * lfu-log-factor + 1), and it loses one per {@code lfu-decay-time}
 * minutes without access. Switching policy at run time reinterprets old fields until keys are touched.
 */
public final class AccessTracking {
    static final int LFU_INITIAL = 5;
    private static final int LFU_MAX = 255;

    private volatile boolean lfu;
    private volatile boolean sharesIntegers = true;
    private volatile long logFactor = 10;
    private volatile long decayMinutes = 1;

    /**
     * {@code perKeyPolicy}: maxmemory is set with an LRU or LFU policy, which needs each key's own access
     * field, so Redis stops sharing small integers among keys (see {@link StringOrigin#UNSHARED}).
     */
    public void configure(boolean lfuPolicy, boolean perKeyPolicy, long lfuLogFactor, long lfuDecayTime) {
        this.lfu = lfuPolicy;
        this.sharesIntegers = !perKeyPolicy;
        this.logFactor = lfuLogFactor;
        this.decayMinutes = lfuDecayTime;
    }

    public boolean lfu() {
        return lfu;
    }

    /** Whether a small integer stored now would be Redis's shared object. */
    boolean sharesIntegers() {
        return sharesIntegers;
    }

    int initial(long nowMillis) {
        return lfu ? (minutes(nowMillis) << 8) | LFU_INITIAL : seconds(nowMillis);
    }

    int touched(int field, long nowMillis) {
        if (!lfu) {
            return seconds(nowMillis);
        }
        int counter = decayed(field, nowMillis);
        if (counter < LFU_MAX) {
            double base = Math.max(0, counter - LFU_INITIAL);
            if (ThreadLocalRandom.current().nextDouble() < 1.0 / (base * logFactor + 1)) {
                counter++;
            }
        }
        return (minutes(nowMillis) << 8) | counter;
    }

    /** The field of a key last accessed {@code idleSeconds} ago (LRU). */
    int withIdle(long nowMillis, long idleSeconds) {
        return (int) (seconds(nowMillis) - Math.min(idleSeconds, Integer.MAX_VALUE));
    }

    /** The field of a key with LFU counter {@code frequency}, decayed now. */
    int withFrequency(long nowMillis, int frequency) {
        return (minutes(nowMillis) << 8) | frequency;
    }

    /** The LFU counter after decay, for OBJECT FREQ. */
    int frequency(int field, long nowMillis) {
        return decayed(field, nowMillis);
    }

    /** Seconds since the last access, for OBJECT IDLETIME. */
    long idleSeconds(int field, long nowMillis) {
        return Math.max(0, seconds(nowMillis) - field);
    }

    private int decayed(int field, long nowMillis) {
        int counter = field & 0xff;
        if (decayMinutes <= 0) {
            return counter;
        }
        int last = (field >>> 8) & 0xffff;
        int now = minutes(nowMillis);
        int elapsed = now >= last ? now - last : 0xffff - last + now;
        long periods = elapsed / decayMinutes;
        return (int) Math.max(0, counter - periods);
    }

    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & 0xffff);
    }

    private static int seconds(long nowMillis) {
        return (int) (nowMillis / 1000);
    }
}
