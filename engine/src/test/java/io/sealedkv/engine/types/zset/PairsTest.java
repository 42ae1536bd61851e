package io.sealedkv.engine.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairsTest {
    @Test
    void wipingTheHeldMembersKeepsThoseRemovedForTheirReply() {
        Pairs pairs = new Pairs(4);
        byte[] low = "low".getBytes(StandardCharsets.US_ASCII);
        byte[] high = "high".getBytes(StandardCharsets.US_ASCII);
        pairs.append(low, 1);
        pairs.append(high, 2);
        List<ZItem> taken = pairs.removeRange(0, 1);
        pairs.wipeHeld();
        assertThat(taken.get(0).member()).isEqualTo("low".getBytes(StandardCharsets.US_ASCII));
        assertThat(high).containsOnly(0);
        pairs.wipe();
        assertThat(low).containsOnly(0);
    }
}
