package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link KeyTable#touch} runs without the lock while another thread changes and resizes the table: it
 * must neither fail nor hang, and must never disturb what the locked lookups find.
 */
class KeyTableTouchProperties {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 15)
    void touchingUnlockedWhileTheTableGrowsAndShrinksNeverBreaksLookups(
            @ForAll @IntRange(min = 1, max = 4000) int keySpace, @ForAll long seed) throws InterruptedException {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        Object lock = new Object();
        Map<Integer, Entry> model = new HashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong touches = new AtomicLong();
        Thread toucher = new Thread(() -> {
            Random random = new Random(seed);
            byte[][] keys = new byte[16][];
            int[] hashes = new int[16];
            int[] chains = new int[16];
            try {
                while (!done.get()) {
                    int count = 1 + random.nextInt(16);
                    for (int i = 0; i < count; i++) {
                        keys[i] = key(random.nextInt(keySpace));
                        hashes[i] = KeyHash.of(keys[i]);
                    }
                    table.touch(keys, hashes, chains, count);
                    touches.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        toucher.start();
        Random random = new Random(~seed);
        for (int round = 0; round < 6 || round % 2 == 1 || touches.get() < 1000; round++) {
            for (int i = 0; i < keySpace; i++) {
                int k = random.nextInt(keySpace);
                synchronized (lock) {
                    if (round % 2 == 0 && !model.containsKey(k)) {
                        // every fifth key too long for a cell: chains mix cells and heap nodes
                        byte[] value = new byte[k % 5 == 0 ? ValueArena.MAX_VALUE + 1 : 1];
                        model.put(k, table.add(key(k), KeyHash.of(key(k)), value, 0));
                    } else if (round % 2 == 0) {
                        // another size: the key's cell moves, or the key goes to the heap or comes back
                        int length = random.nextInt(8) == 0 ? ValueArena.MAX_VALUE + 1 : 1 + random.nextInt(64);
                        table.store(model.get(k), new byte[length]);
                    } else if (round % 2 == 1 && model.containsKey(k)) {
                        table.remove(model.remove(k));
                    }
                }
            }
        }
        done.set(true);
        toucher.join(10_000);
        assertThat(toucher.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(touches.get()).isPositive();
        synchronized (lock) {
            assertThat(table.size()).isEqualTo(model.size());
            for (int k = 0; k < keySpace; k++) {
                byte[] key = key(k);
                assertThat(table.get(key, KeyHash.of(key))).isSameAs(model.get(k));
            }
        }
    }

    /** On a table nobody changes, touching reads each present key's value (here one byte, 1) and no other. */
    @Property(tries = 20)
    void onAQuietTableTouchReadsExactlyThePresentKeys(@ForAll @IntRange(min = 0, max = 500) int present,
                                                      @ForAll @IntRange(min = 1, max = 32) int count,
                                                      @ForAll long seed) {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        for (int i = 0; i < present; i++) {
            byte[] value = new byte[i % 5 == 0 ? ValueArena.MAX_VALUE + 1 : 1];
            value[0] = 1;
            table.add(key(i), KeyHash.of(key(i)), value, 0);
        }
        Random random = new Random(seed);
        byte[][] keys = new byte[count][];
        int[] hashes = new int[count];
        int[] chains = new int[count];
        int expected = 0;
        for (int i = 0; i < count; i++) {
            int k = random.nextInt(present * 2 + 1);
            keys[i] = key(k);
            hashes[i] = KeyHash.of(keys[i]);
            expected += k < present ? 1 : 0;
        }
        assertThat(table.touch(keys, hashes, chains, count)).isEqualTo(expected);
        assertThat(chains).containsOnly(0);
    }
}
