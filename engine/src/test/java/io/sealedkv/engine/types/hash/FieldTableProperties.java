package io.sealedkv.engine.types.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FieldTableProperties {
    private static byte[] token(long n) {
        Random random = new Random(n);
        byte[] token = new byte[16];
        random.nextBytes(token);
        return token;
    }

    private static byte[] sealed(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private static long id(byte[] sealed) {
        return ByteBuffer.wrap(sealed).getLong();
    }

    /** HSCAN's guarantee: a field present for the whole scan is returned, though the table grows and shrinks. */
    @Property(tries = 50)
    void scanReturnsEveryStableFieldDespiteResizing(@ForAll @IntRange(min = 1, max = 1000) int stable,
                                                     @ForAll @IntRange(min = 0, max = 2000) int churn,
                                                     @ForAll @IntRange(min = 1, max = 20) int every) {
        FieldTable table = new FieldTable();
        for (int i = 0; i < stable; i++) {
            assertThat(table.put(token(i), sealed(i))).isTrue();
        }
        Set<Long> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        int added = 0;
        do {
            cursor = table.scan(cursor, s -> seen.add(id(s)));
            if (++step % every == 0) {
                for (int i = 0; i < 30 && added < churn; i++, added++) {
                    table.put(token(100_000 + added), sealed(100_000 + added));
                }
                if (added >= churn) {
                    for (int i = 0; i < added; i++) {
                        table.remove(token(100_000 + i));
                    }
                }
            }
        } while (cursor != 0);
        for (long i = 0; i < stable; i++) {
            assertThat(seen).contains(i);
        }
    }

    @Property(tries = 30)
    void putGetRemoveAgreeWithASet(@ForAll @IntRange(min = 0, max = 3000) int n) {
        FieldTable table = new FieldTable();
        for (int i = 0; i < n; i++) {
            table.put(token(i), sealed(i));
        }
        assertThat(table.put(token(0), sealed(7))).isEqualTo(n == 0);
        for (int i = 0; i < n; i += 2) {
            assertThat(table.remove(token(i))).isTrue();
        }
        assertThat(table.remove(token(-1))).isFalse();
        assertThat(table.size()).isEqualTo(n / 2 + (n == 0 ? 1 : 0));
        for (int i = 1; i < n; i += 2) {
            assertThat(id(table.get(token(i)))).isEqualTo(i);
        }
        int[] visited = {0};
        long[] sealedBytes = {0};
        table.forEachStored((token, sealed) -> {
            visited[0]++;
            sealedBytes[0] += 16 + sealed.length;
        });
        assertThat(visited[0]).isEqualTo(table.size());
        assertThat(table.memoryBytes()).isGreaterThan(sealedBytes[0] - 16L * table.size());
        assertThat(Integer.bitCount(table.bucketCount())).as("a power of two bucket count").isEqualTo(1);
        assertThat(table.bucketCount()).isGreaterThanOrEqualTo(4);
    }
}
