package io.sealedkv.crypto;

/**
 * Durable reservation of nonce counters for one key. Implemented by whatever stores the key (the
 * keystore), which must make the reservation durable before returning, so that neither a restart nor
 * a second process can hand out the same counter again.
 */
@FunctionalInterface
public interface CounterReservation {
    /**
     * Reserves {@code count} consecutive counters and returns the first; the block is
     * {@code [first, first + count)}. Never returns an overlapping block for the same key.
     */
    long reserve(long count);
}
