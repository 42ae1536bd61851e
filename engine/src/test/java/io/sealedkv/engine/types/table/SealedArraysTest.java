package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedArraysTest {
    private static byte[] filled(int length, int value) {
        byte[] array = new byte[length];
        java.util.Arrays.fill(array, (byte) value);
        return array;
    }

    @Test
    void anArrayHandedOutNeverChangesWhenTheElementIsRewrittenInPlace() {
        SealedArrays arrays = new SealedArrays(4);
        arrays.add(filled(8, 1));
        byte[] read = arrays.get(0);

        arrays.set(0, filled(8, 2));

        assertThat(read).isEqualTo(filled(8, 1));
        assertThat(arrays.get(0)).isEqualTo(filled(8, 2));
    }

    @Test
    void aValueOfTheSameLengthIsCopiedSoTheCallersArrayIsNotKept() {
        SealedArrays arrays = new SealedArrays(4);
        arrays.add(filled(8, 1));
        byte[] written = filled(8, 2);

        arrays.set(0, written);
        written[0] = 9;

        assertThat(arrays.get(0)).isEqualTo(filled(8, 2));
    }

    @Test
    void aValueOfAnotherLengthReplacesTheElementAndCountsItsBytes() {
        SealedArrays arrays = new SealedArrays(4);
        arrays.add(filled(8, 1));
        long before = arrays.heapBytes();

        arrays.set(0, filled(20, 3));

        assertThat(arrays.get(0)).isEqualTo(filled(20, 3));
        assertThat(arrays.heapBytes() - before).isEqualTo(12);
    }

    @Test
    void visitsHandOutCopies() {
        SealedArrays arrays = new SealedArrays(4);
        arrays.add(filled(8, 1));
        arrays.add(filled(4, 2));
        List<byte[]> seen = new ArrayList<>();

        arrays.forEach(seen::add);
        seen.forEach(array -> array[0] = 9);

        assertThat(arrays.get(0)).isEqualTo(filled(8, 1));
        assertThat(arrays.get(1)).isEqualTo(filled(4, 2));
    }
}
