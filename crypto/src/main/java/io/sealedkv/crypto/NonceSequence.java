package io.sealedkv.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 96-bit GCM nonces built as in NIST SP 800-38D §8.2.1: a 32-bit fixed field followed by a 64-bit
 * invocation counter.
 *
 * <p>Counters come in blocks reserved ahead of use through a {@link CounterReservation}, which makes
 * the reservation durable before the first counter of the block is handed out; a restart resumes
 * after the last reserved block, so counters never repeat under one key. The fixed field is drawn at
 * random for every block: under normal operation it adds nothing (counters are already unique), but
 * if a keystore file were ever rolled back, two blocks reusing the same counters would also have to
 * draw the same 32 random bits to repeat a nonce.
 *
 * <p>Thread-safe and lock-free on the common path.
 */
public final class NonceSequence {
    private final CounterReservation reservation;
    private final long blockSize;
    private final SecureRandom random;
    private final AtomicLong issuedInEarlierBlocks = new AtomicLong();
    private volatile Block block;

    public NonceSequence(CounterReservation reservation, long blockSize, SecureRandom random) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        this.reservation = Objects.requireNonNull(reservation, "reservation");
        this.blockSize = blockSize;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Writes the next nonce, {@link Aead#NONCE_LENGTH} bytes, into {@code out} at {@code offset}. */
    public void next(byte[] out, int offset) {
        while (true) {
            Block current = block;
            if (current != null) {
                long counter = current.next.getAndIncrement();
                if (counter < current.end) {
                    write(current.fixed, counter, out, offset);
                    return;
                }
            }
            refill(current);
        }
    }

    /** How many nonces this sequence has handed out since it was created. */
    public long issued() {
        Block current = block;
        long inCurrent = current == null ? 0 : Math.min(current.next.get(), current.end) - current.start;
        return issuedInEarlierBlocks.get() + inCurrent;
    }

    private synchronized void refill(Block exhausted) {
        if (block != exhausted) {
            return;
        }
        if (exhausted != null) {
            issuedInEarlierBlocks.addAndGet(exhausted.end - exhausted.start);
        }
        long first = reservation.reserve(blockSize);
        if (first < 0 || first > Long.MAX_VALUE - blockSize) {
            throw new SealingException("nonce counter space of this key is exhausted; rotate the key");
        }
        block = new Block(random.nextInt(), first, first + blockSize);
    }

    private static void write(int fixed, long counter, byte[] out, int offset) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (fixed >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            out[offset + 4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
    }

    private static final class Block {
        final int fixed;
        final long start;
        final long end;
        final AtomicLong next;

        Block(int fixed, long start, long end) {
            this.fixed = fixed;
            this.start = start;
            this.end = end;
            this.next = new AtomicLong(start);
        }
    }
}
