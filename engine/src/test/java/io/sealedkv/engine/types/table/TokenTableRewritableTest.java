package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A rewritable table keeps arrays while small and moves its elements into slab cells past a slab page. */
class TokenTableRewritableTest {
    private final Random random = new Random(5);

    private byte[] element(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void elementsKeepTheirIndexesAndBytesWhenTheTableMovesToSlabs() {
        TokenTable table = TokenTable.rewritable(4, 4);
        List<byte[]> model = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] added = element(40 + random.nextInt(40));
            table.add(i, i, added);
            model.add(added.clone());
            if (i == 100) {
                assertThat(table.inSlabs()).as("100 elements of 40-80 bytes: arrays").isFalse();
            }
        }
        assertThat(table.inSlabs()).as("2000 elements: slab cells").isTrue();
        for (int step = 0; step < 4000; step++) {
            int i = random.nextInt(model.size());
            byte[] replaced = element(40 + random.nextInt(100));
            table.replaceAt(table.find(i, i), replaced);
            model.set(i, replaced.clone());
        }

        for (int i = 0; i < model.size(); i++) {
            assertThat(Arrays.equals(table.sealedAt(table.find(i, i)), model.get(i))).as("element %d", i).isTrue();
        }
        long stored = model.stream().mapToLong(a -> a.length).sum();
        assertThat(table.heapBytes()).isLessThan(3 * stored);
    }

    @Test
    void aSmallTableRewrittenWithChangingLengthsStaysNearItsElements() {
        TokenTable table = TokenTable.rewritable(4, 4);
        for (int i = 0; i < 10; i++) {
            table.add(i, i, element(70 + random.nextInt(1400)));
        }
        long most = 0;
        for (int step = 0; step < 5000; step++) {
            table.replaceAt(table.find(step % 10, step % 10), element(70 + random.nextInt(1400)));
            most = Math.max(most, table.heapBytes());
        }
        assertThat(table.inSlabs()).isFalse();
        assertThat(most).isLessThan(10 * (1470 + 16) + 2048);
    }
}
