package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PagesAheadTest {
    @Test
    void pagesTakenAreDirectZeroedAndWholeBeforeAndAfterClosing() {
        PagesAhead ahead = PagesAhead.start();
        for (int i = 0; i < PagesAhead.DEPTH * 3; i++) {
            assertFreshPage(ahead.take());
        }
        ahead.close();
        assertFreshPage(ahead.take());
    }

    private static void assertFreshPage(ByteBuffer page) {
        assertThat(page.isDirect()).isTrue();
        assertThat(page.capacity()).isEqualTo(ValueArena.PAGE_SIZE);
        assertThat(page.position()).isZero();
        for (int i = 0; i < page.capacity(); i += Long.BYTES) {
            if (page.getLong(i) != 0) {
                throw new AssertionError("byte " + i + " of a fresh page is not zero");
            }
        }
    }
}
