package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZSetValueTest {
    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aBlockRewrittenInPlaceLeavesTheCopiesHandedOutAndIsSeenAsChanged() {
        ZSetValue set = ZSetValue.listpack(CollectionIdentity.fresh(1), filled(60, 1), 3);
        byte[] read = set.block();

        set.setBlock(filled(60, 2), 3);

        assertThat(read).isEqualTo(filled(60, 1));
        assertThat(set.holdsBlock(read)).isFalse();
        assertThat(set.block()).isEqualTo(filled(60, 2)).isNotSameAs(set.block());
        assertThat(set.holdsBlock(set.block())).isTrue();
        set.setBlock(filled(70, 3), 4);
        assertThat(set.block()).isEqualTo(filled(70, 3));
        assertThat(set.size()).isEqualTo(4);
    }
}
