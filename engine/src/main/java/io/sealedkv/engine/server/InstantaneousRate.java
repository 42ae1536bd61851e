package io.sealedkv.engine.server;

/**
 * A per-second rate over the last 16 samples of a growing counter, as Redis computes
 * {@code instantaneous_ops_per_sec}. Sampled by the cron thread only; read by anyone.
 */
final class InstantaneousRate {
    private static final int SAMPLES = 16;

    private final double[] rates = new double[SAMPLES];
    private int next;
    private long lastCount = -1;
    private long lastMillis;
    private volatile double average;

    void sample(long count, long nowMillis) {
        if (lastCount >= 0 && nowMillis > lastMillis) {
            rates[next] = (count - lastCount) * 1000.0 / (nowMillis - lastMillis);
            next = (next + 1) % SAMPLES;
            double sum = 0;
            for (double rate : rates) {
                sum += rate;
            }
            average = sum / SAMPLES;
        }
        lastCount = count;
        lastMillis = nowMillis;
    }

    double perSecond() {
        return average;
    }
}
