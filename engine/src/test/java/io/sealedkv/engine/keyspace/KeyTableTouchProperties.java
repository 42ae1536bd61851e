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
        KeyTable table = new KeyTable(new FreeGate());
        Object lock = new Object();
        Map<Integer, Entry> model = new HashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong touches = new AtomicLong();
        Thread toucher = new Thread(() -> {
            Random random = new Random(seed);
            byte[][] keys = new byte[16][];
            int[] hashes = new int[16];
            Entry[] chains = new Entry[16];
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
                        byte[] value = {(byte) k};
                        Entry entry = new Entry(key(k), value, table.arena(), 0);
                        table.add(entry, KeyHash.of(entry.key()), value);
                        model.put(k, entry);
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
        KeyTable table = new KeyTable(new FreeGate());
        for (int i = 0; i < present; i++) {
            table.add(new Entry(key(i), new byte[] {1}, table.arena(), 0), KeyHash.of(key(i)), new byte[] {1});
        }
        Random random = new Random(seed);
        byte[][] keys = new byte[count][];
        int[] hashes = new int[count];
        Entry[] chains = new Entry[count];
        int expected = 0;
        for (int i = 0; i < count; i++) {
            int k = random.nextInt(present * 2 + 1);
            keys[i] = key(k);
            hashes[i] = KeyHash.of(keys[i]);
            expected += k < present ? 1 : 0;
        }
        assertThat(table.touch(keys, hashes, chains, count)).isEqualTo(expected);
        assertThat(chains).containsOnlyNulls();
    }
}
