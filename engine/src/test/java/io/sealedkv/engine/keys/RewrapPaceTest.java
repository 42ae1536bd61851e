package io.sealedkv.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RewrapPaceTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong rate = new AtomicLong();
    private final RewrapPace pace = new RewrapPace(rate::get);

    @Test
    void noLimitNeverWaits() {
        assertThat(pace.delayAfter(1_000_000, 0)).isZero();
        assertThat(pace.delayAfter(64, 1)).isZero();
    }

    @Test
    void waitsUntilTheKeysResealedSoFarAreDueAtTheRate() {
        rate.set(100);
        assertThat(pace.delayAfter(50, 0)).isEqualTo(SECOND / 2);
        assertThat(pace.delayAfter(50, SECOND / 2)).isEqualTo(SECOND / 2);
        assertThat(pace.delayAfter(0, 3 * SECOND)).as("behind the rate: no wait").isZero();
        assertThat(pace.delayAfter(100, 3 * SECOND)).as("the window's average counts, not the last step").isZero();
    }

    @Test
    void aChangedRateStartsANewWindow() {
        rate.set(10);
        assertThat(pace.delayAfter(10, 0)).isEqualTo(SECOND);
        rate.set(1000);
        assertThat(pace.delayAfter(10, SECOND / 100)).isEqualTo(SECOND / 100);
        rate.set(0);
        assertThat(pace.delayAfter(1_000_000, SECOND)).isZero();
    }
}
