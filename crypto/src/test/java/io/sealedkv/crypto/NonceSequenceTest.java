package io.sealedkv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceSequenceTest {

    /** A reservation that remembers every block it handed out. */
    private static final class RecordingReservation implements CounterReservation {
        final AtomicLong next = new AtomicLong();
        final List<long[]> blocks = new ArrayList<>();

        @Override
        public synchronized long reserve(long count) {
            long first = next.getAndAdd(count);
            blocks.add(new long[] {first, count});
            return first;
        }
    }

    @Test
    void countersComeFromReservedBlocksInOrder() {
        RecordingReservation reservation = new RecordingReservation();
        NonceSequence nonces = new NonceSequence(reservation, 4, new SecureRandom());
        List<Long> counters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            counters.add(counterOf(next(nonces)));
        }
        assertThat(counters).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(reservation.blocks).hasSize(3);
        assertThat(nonces.issued()).isEqualTo(10);
    }

    @Test
    void aRestartResumesAfterTheLastReservedBlock() {
        RecordingReservation durable = new RecordingReservation();
        NonceSequence before = new NonceSequence(durable, 100, new SecureRandom());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            seen.add(counterOf(next(before)));
        }
        NonceSequence afterRestart = new NonceSequence(durable, 100, new SecureRandom());
        for (int i = 0; i < 200; i++) {
            assertThat(seen.add(counterOf(next(afterRestart)))).isTrue();
        }
    }

    @Test
    void threadsNeverShareANonce() throws InterruptedException {
        NonceSequence nonces = new NonceSequence(new RecordingReservation(), 1000, new SecureRandom());
        Set<ByteBuffer> seen = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    seen.add(ByteBuffer.wrap(next(nonces)));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).hasSize(200_000);
        assertThat(nonces.issued()).isEqualTo(200_000);
    }

    @Test
    void eachBlockDrawsAFreshFixedField() {
        NonceSequence nonces = new NonceSequence(new RecordingReservation(), 1, new SecureRandom());
        Set<Integer> fixedFields = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            fixedFields.add(ByteBuffer.wrap(next(nonces)).getInt(0));
        }
        assertThat(fixedFields.size()).isGreaterThan(60);
    }

    @Test
    void anExhaustedCounterSpaceIsAnErrorNotAWrap() {
        NonceSequence nonces = new NonceSequence(count -> Long.MAX_VALUE - 1, 10, new SecureRandom());
        assertThatThrownBy(() -> next(nonces)).isInstanceOf(SealingException.class)
                .hasMessageContaining("exhausted");
    }

    private static byte[] next(NonceSequence nonces) {
        byte[] nonce = new byte[Aead.NONCE_LENGTH];
        nonces.next(nonce, 0);
        return nonce;
    }

    private static long counterOf(byte[] nonce) {
        return ByteBuffer.wrap(nonce).getLong(4);
    }
}
