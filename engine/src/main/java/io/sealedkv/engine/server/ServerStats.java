package io.sealedkv.engine.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO; CONFIG RESETSTAT zeroes them. */
public final class ServerStats {
    private final AtomicLong peakMemory = new AtomicLong();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final InstantaneousRate opsRate = new InstantaneousRate();
    private final InstantaneousRate inputRate = new InstantaneousRate();
    private final InstantaneousRate outputRate = new InstantaneousRate();

    /** Takes one sample of the instantaneous rates; called by the cron every 100 ms. */
    void sampleRates(long nowMillis) {
        opsRate.sample(commandsProcessed(), nowMillis);
        inputRate.sample(netInputBytes(), nowMillis);
        outputRate.sample(netOutputBytes(), nowMillis);
    }

    public long instantaneousOpsPerSecond() {
        return Math.round(opsRate.perSecond());
    }

    public double instantaneousInputKbps() {
        return inputRate.perSecond() / 1024;
    }

    public double instantaneousOutputKbps() {
        return outputRate.perSecond() / 1024;
    }

    void commandProcessed() {
        commandsProcessed.increment();
    }

    void connectionReceived() {
        connectionsReceived.increment();
    }

    void connectionRejected() {
        rejectedConnections.increment();
    }

    void errorReply() {
        errorReplies.increment();
    }

    void input(long bytes) {
        netInputBytes.add(bytes);
    }

    void output(long bytes) {
        netOutputBytes.add(bytes);
    }

    /** Records {@code usedMemory} as seen now and returns the peak so far (used_memory_peak, peak.allocated). */
    public long notePeakMemory(long usedMemory) {
        return peakMemory.accumulateAndGet(usedMemory, Math::max);
    }

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    public long errorReplies() {
        return errorReplies.sum();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    public void reset() {
        commandsProcessed.reset();
        connectionsReceived.reset();
        rejectedConnections.reset();
        errorReplies.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
    }
}
