package io.sealedkv.engine.types.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.ElementToken;
import org.junit.jupiter.api.Test;

class TokenListTest {
    @Test
    void keepsEveryTokenAddedPastItsFirstRoomAndReusesItAfterClear() {
        TokenList list = new TokenList();
        for (int i = 0; i < 40; i++) {
            list.add(i, 1000 + i);
        }
        list.add(ElementToken.of(-7, 7));

        assertThat(list.size()).isEqualTo(41);
        for (int i = 0; i < 40; i++) {
            assertThat(list.highs()[i]).isEqualTo(i);
            assertThat(list.lows()[i]).isEqualTo(1000 + i);
        }
        assertThat(list.highs()[40]).isEqualTo(-7);
        assertThat(list.lows()[40]).isEqualTo(7);

        list.clear();
        list.add(5, 6);
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.highs()[0]).isEqualTo(5);
        assertThat(list.lows()[0]).isEqualTo(6);
    }
}
