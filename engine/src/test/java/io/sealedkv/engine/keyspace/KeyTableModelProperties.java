package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.StandInCollection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The table against a map model: random adds, overwrites that move keys between cells of other sizes and
 * the heap, deletes, expiries and resizes, with a snapshot's gate opening and closing and lock holds
 * ending now and then. Every key keeps its name, value, access field, origin and expiry; views of cells
 * handed out in a hold stay with their key; the expiry index and the chains stay consistent.
 */
class KeyTableModelProperties {
    private record Model(Object value, int clock, StringOrigin origin, long expireAt) {
    }

    @Property(tries = 60)
    void theTableAgreesWithAMapUnderRandomChanges(@ForAll long seed,
                                                  @ForAll @IntRange(min = 1, max = 400) int keySpace) {
        Random random = new Random(seed);
        FreeGate gate = new FreeGate();
        ViewHolds holds = new ViewHolds();
        KeyTable table = new KeyTable(gate, holds);
        Map<Integer, Model> model = new HashMap<>();
        Map<Integer, Entry> held = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            int k = random.nextInt(keySpace);
            byte[] key = key(k);
            int hash = KeyHash.of(key);
            Entry found = table.get(key, hash);
            assertThat(found == null).isEqualTo(!model.containsKey(k));
            if (found != null && held.containsKey(k)) {
                assertThat(found).isSameAs(held.get(k));
            }
            if (step % 100 == 0) {
                checkAll(table, model);
            }
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    Object value = randomValue(random);
                    int clock = random.nextInt();
                    StringOrigin origin = StringOrigin.values()[random.nextInt(StringOrigin.values().length)];
                    Entry entry;
                    long expireAt = -1;
                    if (found == null) {
                        entry = table.add(key, hash, value, clock);
                    } else {
                        entry = found;
                        long before = MemoryCost.of(entry);
                        table.store(entry, value);
                        table.adjustBytes(MemoryCost.of(entry) - before);
                        entry.accessClock(clock);
                        expireAt = model.get(k).expireAt();
                    }
                    entry.origin(origin);
                    model.put(k, new Model(value, clock, origin, expireAt));
                    held.put(k, entry);
                }
                case 3 -> {
                    if (found != null) {
                        table.remove(found);
                        assertThat(found.key()).isEqualTo(key);
                        assertThat(found.holds(found.value())).isTrue();
                        model.remove(k);
                        held.remove(k);
                    }
                }
                case 4 -> {
                    if (found != null) {
                        long at = random.nextInt(2) == 0 ? -1 : random.nextInt(1_000_000);
                        if (at < 0) {
                            table.clearExpiry(found);
                        } else {
                            table.setExpiry(found, at);
                        }
                        Model m = model.get(k);
                        model.put(k, new Model(m.value(), m.clock(), m.origin(), at));
                    }
                }
                case 5 -> {
                    if (random.nextInt(4) == 0) {
                        if (gate.deferring()) {
                            gate.open();
                        } else {
                            gate.close();
                        }
                    }
                }
                case 6 -> {
                    List<Entry> inCells = held.values().stream().filter(Entry::inCell).toList();
                    holds.end();
                    for (Entry view : inCells) {
                        assertThatThrownBy(view::key).isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(view::inCell).isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(view::address).isInstanceOf(IllegalStateException.class);
                    }
                    held.clear();
                }
                default -> {
                    if (found != null) {
                        check(table, found, key, model.get(k));
                    }
                }
            }
        }
        checkAll(table, model);
    }

    private static void checkAll(KeyTable table, Map<Integer, Model> model) {
        assertThat(table.size()).isEqualTo(model.size());
        long expiring = model.values().stream().filter(m -> m.expireAt() >= 0).count();
        assertThat(table.expiringCount()).isEqualTo((int) expiring);
        Set<String> listed = new HashSet<>();
        int walked = 0;
        for (Entry e : table.entries()) {
            listed.add(new String(e.key(), StandardCharsets.UTF_8));
            walked++;
        }
        assertThat(listed).hasSize(model.size());
        assertThat(walked).isEqualTo(model.size());
        for (Map.Entry<Integer, Model> m : model.entrySet()) {
            byte[] key = key(m.getKey());
            Entry entry = table.get(key, KeyHash.of(key));
            assertThat(entry).isNotNull();
            check(table, entry, key, m.getValue());
        }
        for (int i = 0; i < 50 && expiring > 0; i++) {
            Entry e = table.randomExpiring();
            assertThat(e.hasExpiry()).isTrue();
            assertThat(table.get(e.key(), KeyHash.of(e.key()))).isSameAs(e);
        }
        for (int i = 0; i < 50 && !model.isEmpty(); i++) {
            Entry e = table.random();
            assertThat(table.get(e.key(), KeyHash.of(e.key()))).isSameAs(e);
        }
        long bytes = 0;
        for (Entry e : table.entries()) {
            bytes += MemoryCost.of(e);
        }
        assertThat(table.bytes()).isEqualTo(bytes);
    }

    private static void check(KeyTable table, Entry entry, byte[] key, Model m) {
        assertThat(entry.key()).isEqualTo(key);
        assertThat(entry.keyHash()).isEqualTo(KeyHash.of(key));
        if (m.value() instanceof byte[] sealed) {
            assertThat(entry.value()).isEqualTo(sealed);
            assertThat(entry.inCell()).isEqualTo(ValueArena.fits(key.length, sealed.length));
        } else {
            assertThat(entry.value()).isSameAs(m.value());
        }
        assertThat(entry.accessClock()).isEqualTo(m.clock());
        assertThat(entry.origin()).isEqualTo(m.origin());
        assertThat(entry.hasExpiry()).isEqualTo(m.expireAt() >= 0);
        assertThat(table.expireAt(entry)).isEqualTo(m.expireAt());
    }

    /** A view used after the hold it was handed out in fails instead of reading a cell that another key may own. */
    @Test
    void aViewDiesWithItsHoldAndANodeDoesNot() {
        ViewHolds holds = new ViewHolds();
        KeyTable table = new KeyTable(new FreeGate(), holds);
        byte[] a = {'a'};
        byte[] b = {'b'};
        Entry cell = table.add(a, KeyHash.of(a), new byte[] {1}, 0);
        Entry node = table.add(b, KeyHash.of(b), new StandInCollection(3), 0);
        assertThat(table.get(a, KeyHash.of(a))).isSameAs(cell);
        holds.end();
        assertThatThrownBy(cell::value).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cell.accessClock(3)).isInstanceOf(IllegalStateException.class);
        assertThat(node.key()).isEqualTo(b);
        Entry again = table.get(a, KeyHash.of(a));
        assertThat(again).isNotSameAs(cell);
        assertThat(again.value()).isEqualTo(new byte[] {1});
    }

    /** A walk shows every key once with one view moving from cell to cell, which dies when the walk ends. */
    @Test
    void aWalkReusesOneViewThatDiesAtTheEnd() {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            table.add(key, KeyHash.of(key), new byte[] {(byte) i}, 0);
            expected.add("k" + i);
        }
        Set<Entry> views = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> seen = new HashSet<>();
        for (Entry e : table.entries()) {
            seen.add(new String(e.key(), StandardCharsets.UTF_8));
            views.add(e);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(views).hasSize(1);
        assertThatThrownBy(views.iterator().next()::key).isInstanceOf(IllegalStateException.class);
    }

    /** A key whose cell moves takes its chain link along: the keys behind it in its chain stay found. */
    @Test
    void aMovedCellKeepsItsChain() {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            keys.add(key);
            table.add(key, KeyHash.of(key), new byte[] {(byte) i}, 0);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = keys.get(i);
                table.store(table.get(key, KeyHash.of(key)), new byte[round * 20 + 1 + i]);
            }
            for (byte[] key : keys) {
                assertThat(table.get(key, KeyHash.of(key))).isNotNull();
            }
        }
    }

    private static byte[] key(int k) {
        // some names too long for a cell: their keys stay on the heap
        int length = k % 17 == 0 ? ValueArena.MAX_KEY + 1 : 0;
        byte[] name = ("key:" + k).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[name.length + length];
        System.arraycopy(name, 0, key, 0, name.length);
        return key;
    }

    private static Object randomValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> new StandInCollection(random.nextInt(100));
            case 1 -> new byte[ValueArena.MAX_VALUE + 1];
            default -> {
                byte[] value = new byte[random.nextInt(120)];
                random.nextBytes(value);
                yield value;
            }
        };
    }
}
