package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@link TokenTable#touch} runs without the lock while another thread adds, replaces and removes elements
 * and resizes the table: it must neither fail nor hang, and must never disturb what the locked lookups find.
 */
class TokenTableTouchProperties {
    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static long high(int i) {
        return new Random(i).nextLong();
    }

    /** Low bits that collide often (few distinct bucket values), so that chains are walked. */
    private static long low(int i) {
        return i % 97;
    }

    @Property(tries = 12)
    void touchingUnlockedWhileTheTableChangesNeverBreaksLookups(
            @ForAll @IntRange(min = 1, max = 3000) int tokenSpace, @ForAll boolean packed, @ForAll boolean large,
            @ForAll long seed)
            throws InterruptedException {
        TokenTable table = packed ? TokenTable.packed(4, 4) : TokenTable.rewritable(4, 4);
        int length = large ? 60 : 1;
        Object lock = new Object();
        Map<Integer, Byte> model = new HashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong touches = new AtomicLong();
        Thread toucher = new Thread(() -> {
            Random random = new Random(seed);
            long[] highs = new long[16];
            long[] lows = new long[16];
            try {
                while (!done.get()) {
                    int count = 1 + random.nextInt(16);
                    for (int k = 0; k < count; k++) {
                        int i = random.nextInt(tokenSpace);
                        highs[k] = high(i);
                        lows[k] = low(i);
                    }
                    if (random.nextBoolean()) {
                        table.touch(highs, lows, count);
                    } else {
                        TokenList tokens = new TokenList();
                        for (int k = 0; k < count; k++) {
                            tokens.add(highs[k], lows[k]);
                        }
                        table.touchTokens(tokens, new boolean[count]);
                    }
                    touches.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        toucher.start();
        Random random = new Random(~seed);
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int round = 0; round < 6 || round % 2 == 1
                || touches.get() < 1000 && toucher.isAlive() && System.nanoTime() < deadline; round++) {
            for (int n = 0; n < tokenSpace; n++) {
                int i = random.nextInt(tokenSpace);
                synchronized (lock) {
                    int index = table.find(high(i), low(i));
                    if (round % 2 == 0 && index < 0) {
                        table.add(high(i), low(i), filled(length, (byte) i));
                        model.put(i, (byte) i);
                    } else if (round % 2 == 0) {
                        table.replaceAt(index, filled(length + i % 3, (byte) ~i));
                        model.put(i, (byte) ~i);
                    } else if (index >= 0) {
                        table.removeAt(index);
                        model.remove(i);
                    }
                }
            }
        }
        done.set(true);
        toucher.join(10_000);
        assertThat(toucher.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(touches.get()).as("touches made while the table changed").isGreaterThanOrEqualTo(1000);
        synchronized (lock) {
            assertThat(table.size()).isEqualTo(model.size());
            for (int i = 0; i < tokenSpace; i++) {
                int index = table.find(high(i), low(i));
                assertThat(index < 0 ? null : table.sealedAt(index)[0]).isEqualTo(model.get(i));
            }
        }
    }

    /**
     * On a table nobody changes, touching reads the sealed bytes of each present token (3 long, or 300: past a
     * slab page the table keeps them in cells) and no other.
     */
    @Property(tries = 20)
    void onAQuietTableTouchReadsExactlyThePresentElements(@ForAll @IntRange(min = 0, max = 500) int present,
                                                          @ForAll @IntRange(min = 1, max = 32) int count,
                                                          @ForAll boolean large, @ForAll long seed) {
        TokenTable table = TokenTable.rewritable(4, 4);
        int length = large ? 300 : 3;
        for (int i = 0; i < present; i++) {
            table.add(high(i), i, new byte[length]);
        }
        Random random = new Random(seed);
        long[] highs = new long[count];
        long[] lows = new long[count];
        int expected = 0;
        for (int k = 0; k < count; k++) {
            int i = random.nextInt(present * 2 + 1);
            highs[k] = high(i);
            lows[k] = i;
            expected += i < present ? length : 0;
        }
        assertThat(table.touch(highs, lows, count)).isEqualTo(expected);
    }

    /** On a table nobody changes, touching only the tokens finds exactly the present ones. */
    @Property(tries = 20)
    void onAQuietTableTouchingTokensFindsExactlyThePresentOnes(@ForAll @IntRange(min = 0, max = 500) int present,
                                                               @ForAll @IntRange(min = 1, max = 32) int count,
                                                               @ForAll long seed) {
        TokenTable table = TokenTable.packed(4, 4);
        for (int i = 0; i < present; i++) {
            table.add(high(i), i, new byte[3]);
        }
        Random random = new Random(seed);
        TokenList tokens = new TokenList();
        boolean[] expected = new boolean[count];
        for (int k = 0; k < count; k++) {
            int i = random.nextInt(present * 2 + 1);
            tokens.add(high(i), i);
            expected[k] = i < present;
        }
        boolean[] seen = new boolean[count];
        table.touchTokens(tokens, seen);
        assertThat(seen).isEqualTo(expected);
    }
}
