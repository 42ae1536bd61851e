package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KeyTableProperties {
    private static Entry add(KeyTable table, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return table.add(bytes, KeyHash.of(bytes), new byte[0], 0);
    }

    /** SCAN's guarantee: a key present for the whole scan is returned, even if the table resizes meanwhile. */
    @Property(tries = 50)
    void scanReturnsEveryKeyThatStaysDespiteResizing(@ForAll @IntRange(min = 1, max = 2000) int stable,
                                                      @ForAll @IntRange(min = 0, max = 3000) int added,
                                                      @ForAll @IntRange(min = 1, max = 50) int addEvery) {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < stable; i++) {
            add(table, "stable:" + i);
            expected.add("stable:" + i);
        }
        Set<String> seen = new HashSet<>();
        List<Entry> page = new ArrayList<>();
        long cursor = 0;
        int step = 0;
        int extra = 0;
        do {
            page.clear();
            cursor = table.scan(cursor, page);
            page.forEach(e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
            if (++step % addEvery == 0 && extra < added) {
                for (int i = 0; i < 100 && extra < added; i++) {
                    add(table, "extra:" + extra++);
                }
            }
        } while (cursor != 0);
        assertThat(seen).containsAll(expected);
    }

    /** Reserving room up front (a snapshot load) keeps every key findable, and a huge count is bounded. */
    @Property(tries = 20)
    void reservedTablesFindEveryKey(@ForAll @IntRange(min = 0, max = 3000) int reserved,
                                    @ForAll @IntRange(min = 1, max = 3000) int keys) {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        table.reserve(reserved);
        table.reserve(Long.MAX_VALUE);
        for (int i = 0; i < keys; i++) {
            add(table, "k" + i);
        }
        for (int i = 0; i < keys; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(table.get(key, KeyHash.of(key))).isNotNull();
        }
        assertThat(table.size()).isEqualTo(keys);
    }

    @Property(tries = 50)
    void expiryIndexTracksAddsAndRemovals(@ForAll @IntRange(min = 1, max = 500) int keys) {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            Entry e = add(table, "k" + i);
            table.setExpiry(e, 1000 + i);
            entries.add(e);
        }
        for (int i = 0; i < keys; i += 2) {
            table.remove(entries.get(i));
        }
        assertThat(table.expiringCount()).isEqualTo(keys / 2);
        for (int i = 1; i < keys; i += 2) {
            assertThat(table.expireAt(entries.get(i))).isEqualTo(1000 + i);
        }
        assertThat(table.size()).isEqualTo(keys / 2);
    }

    /** The origin and the expiry slot share one field: changing either leaves the other as it was. */
    @Property(tries = 50)
    void originAndExpiryDoNotDisturbEachOther(@ForAll @IntRange(min = 1, max = 300) int keys,
                                              @ForAll StringOrigin origin) {
        KeyTable table = new KeyTable(new FreeGate(), new ViewHolds());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            Entry e = add(table, "k" + i);
            e.origin(origin);
            table.setExpiry(e, 1000 + i);
            entries.add(e);
        }
        for (int i = 0; i < keys; i += 3) {
            table.clearExpiry(entries.get(i));
            entries.get(i).origin(StringOrigin.EDITED);
        }
        for (int i = 0; i < keys; i++) {
            Entry e = entries.get(i);
            boolean cleared = i % 3 == 0;
            assertThat(e.origin()).isEqualTo(cleared ? StringOrigin.EDITED : origin);
            assertThat(e.hasExpiry()).isEqualTo(!cleared);
            assertThat(table.expireAt(e)).isEqualTo(cleared ? -1 : 1000 + i);
            assertThat(table.get(e.key(), KeyHash.of(e.key()))).isSameAs(e);
        }
    }
}
