package io.sealedkv.engine.types.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldTableTest {
    private static byte[] token(int n) {
        byte[] token = new byte[16];
        token[0] = (byte) n;
        return token;
    }

    @Test
    void randomPicksWithRepetitionCopyEachPairOnce() {
        FieldTable table = new FieldTable();
        table.put(token(1), new byte[] {1, 1});
        table.put(token(2), new byte[] {2, 2});
        List<byte[]> picks = new ArrayList<>();

        table.random(1000, new Random(7), picks);

        Set<byte[]> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        copies.addAll(picks);
        assertThat(picks).hasSize(1000);
        assertThat(copies).hasSize(2);
        assertThat(copies).allSatisfy(pair -> assertThat(pair).isIn(new byte[] {1, 1}, new byte[] {2, 2}));
    }
}
