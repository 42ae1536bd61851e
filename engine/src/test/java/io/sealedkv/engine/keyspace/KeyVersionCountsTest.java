package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Counts per data key version, whatever version a (malformed) value names. */
class KeyVersionCountsTest {
    private final KeyVersionCounts counts = new KeyVersionCounts();

    @Test
    void aHugeVersionIsCountedWithoutAnArrayOfItsSize() {
        counts.add(3);
        counts.add(Integer.MAX_VALUE);
        counts.add(Integer.MAX_VALUE);
        counts.add(-1);
        assertThat(counted()).isEqualTo(Map.of(3, 1L, Integer.MAX_VALUE, 2L));
    }

    @Test
    void aVersionWhoseKeysAreAllGoneIsNotReported() {
        counts.add(1 << 20);
        counts.add(2);
        counts.remove(versionOnly(1 << 20));
        assertThat(counted()).isEqualTo(Map.of(2, 1L));
    }

    private SortedMap<Integer, Long> counted() {
        SortedMap<Integer, Long> into = new TreeMap<>();
        counts.addTo(into);
        return into;
    }

    /** An envelope header naming {@code version} (what {@link KeyVersionCounts#versionOf(Object)} reads). */
    private static byte[] versionOnly(int version) {
        byte[] sealed = new byte[64];
        sealed[0] = 1;
        sealed[2] = (byte) (version >>> 24);
        sealed[3] = (byte) (version >>> 16);
        sealed[4] = (byte) (version >>> 8);
        sealed[5] = (byte) version;
        return sealed;
    }
}
