package io.sealedkv.engine.types.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.CollectionIdentity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetValueTest {
    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aBlockRewrittenInPlaceLeavesTheCopiesHandedOutAndCountsAsAChange() {
        SetValue set = SetValue.small(CollectionIdentity.fresh(1), filled(60, 1), 3, false);
        byte[] read = set.block();
        long version = set.version();

        set.adopt(SetValue.small(set.identity(), filled(60, 2), 3, false));

        assertThat(read).isEqualTo(filled(60, 1));
        assertThat(set.version()).isGreaterThan(version);
        assertThat(set.block()).isEqualTo(filled(60, 2)).isNotSameAs(set.block());
    }

    @Test
    void aBlockThatChangedLengthGetsRoomAndIsWrittenExactly() throws IOException {
        SetValue set = SetValue.small(CollectionIdentity.fresh(1), filled(60, 1), 3, true);
        set.adopt(SetValue.small(set.identity(), filled(66, 2), 4, true));
        long roomy = set.memoryBytes();

        set.adopt(SetValue.small(set.identity(), filled(56, 3), 2, false));

        assertThat(set.memoryBytes()).isEqualTo(roomy);
        assertThat(set.block()).isEqualTo(filled(56, 3));
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.integers()).isFalse();
        List<byte[]> visited = new ArrayList<>();
        set.forEachSealed(visited::add);
        assertThat(visited).containsExactly(filled(56, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.writePayload(new DataOutputStream(bytes));
        byte[] payload = bytes.toByteArray();
        assertThat(payload).hasSize(8 + 4 + 1 + 4 + 4 + 56);
        assertThat(Arrays.copyOfRange(payload, payload.length - 56, payload.length)).isEqualTo(filled(56, 3));
    }

    @Test
    void aBlockKeepsItsArrayWhileItShrinksToHalfOfIt() {
        SetValue set = SetValue.small(CollectionIdentity.fresh(1), filled(100, 1), 10, false);
        set.adopt(SetValue.small(set.identity(), filled(110, 2), 11, false));
        long roomy = set.memoryBytes();

        set.adopt(SetValue.small(set.identity(), filled(70, 3), 7, false));
        set.adopt(SetValue.small(set.identity(), filled(120, 4), 12, false));

        assertThat(set.memoryBytes()).isEqualTo(roomy);
        assertThat(set.block()).isEqualTo(filled(120, 4));
        set.adopt(SetValue.small(set.identity(), filled(50, 5), 5, false));
        assertThat(set.memoryBytes()).isLessThan(roomy);
        assertThat(set.block()).isEqualTo(filled(50, 5));
    }
}
