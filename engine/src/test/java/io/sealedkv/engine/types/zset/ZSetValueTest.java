package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    @Test
    void aBlockThatChangedLengthGetsRoomAndIsWrittenExactly() throws IOException {
        ZSetValue set = ZSetValue.listpack(CollectionIdentity.fresh(1), filled(60, 1), 3);
        set.setBlock(filled(64, 2), 4);
        long roomy = set.memoryBytes();

        set.setBlock(filled(58, 4), 3);

        assertThat(set.memoryBytes()).isEqualTo(roomy);
        assertThat(set.block()).isEqualTo(filled(58, 4));
        List<byte[]> visited = new ArrayList<>();
        set.forEachSealed(visited::add);
        assertThat(visited).containsExactly(filled(58, 4));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.writePayload(new DataOutputStream(bytes));
        byte[] payload = bytes.toByteArray();
        assertThat(Arrays.copyOfRange(payload, payload.length - 58, payload.length)).isEqualTo(filled(58, 4));
        assertThat(payload[payload.length - 59]).isEqualTo((byte) 58);
    }
}
