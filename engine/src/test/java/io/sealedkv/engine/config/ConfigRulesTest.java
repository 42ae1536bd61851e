package io.sealedkv.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis 7.0's CONFIG rules that are not about one value's syntax. */
class ConfigRulesTest {
    private final Config config = new Config();

    @Test
    void protectedConfigsAreSetAtStartupOnly() {
        config.set(List.of(Map.entry("dir", "/tmp/elsewhere")), true);
        assertThat(config.stringValue("dir")).isEqualTo("/tmp/elsewhere");
        assertThatThrownBy(() -> config.set(List.of(Map.entry("timeout", "5"), Map.entry("dbfilename", "x.rdb")), false))
                .hasMessage("CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config");
        assertThat(config.longValue("timeout")).isZero();
    }

    @Test
    void plainNamesAnswerAsSpelledAndEachParameterOnce() {
        assertThat(config.get(List.of("TIMEOUT", "timeout", "Time*"))).containsExactly(Map.entry("TIMEOUT", "0"));
        assertThat(config.get(List.of("time*", "TIMEOUT"))).containsExactly(Map.entry("timeout", "0"));
        assertThat(config.get(List.of("nosuch"))).isEmpty();
    }

    @Test
    void anAliasNamesItsParameterAndAnswersUnderItsOwnName() {
        config.set(List.of(Map.entry("hash-max-ziplist-entries", "7")), false);
        assertThat(config.longValue("hash-max-listpack-entries")).isEqualTo(7);
        assertThat(config.get(List.of("hash-max-*-entries"))).containsExactly(
                Map.entry("hash-max-listpack-entries", "7"), Map.entry("hash-max-ziplist-entries", "7"));
        assertThat(config.get(List.of("HASH-MAX-ZIPLIST-ENTRIES"))).containsExactly(
                Map.entry("HASH-MAX-ZIPLIST-ENTRIES", "7"));
    }

    @Test
    void maxclientsTakesRedisUnsignedRangeAndLoglevelItsFourLevels() {
        config.set(List.of(Map.entry("maxclients", "4294967295")), false);
        assertThat(config.longValue("maxclients")).isEqualTo(4294967295L);
        assertThatThrownBy(() -> config.set(List.of(Map.entry("maxclients", "4294967296")), false))
                .hasMessageEndingWith("argument must be between 1 and 4294967295 inclusive");
        assertThatThrownBy(() -> config.set(List.of(Map.entry("loglevel", "nothing")), false))
                .hasMessageEndingWith("argument(s) must be one of the following: debug, verbose, notice, warning");
    }

    @Test
    void networkThreadsDefaultToThreeQuartersOfTheProcessorsLeavingOneSpare() {
        assertThat(List.of(1, 2, 3, 4, 8, 16, 171, 172, 256)).map(Config::defaultIoThreads)
                .containsExactly(1, 1, 2, 3, 6, 12, 128, 128, 128);
        assertThat(config.longValue("io-threads"))
                .isEqualTo(Config.defaultIoThreads(Runtime.getRuntime().availableProcessors()));
    }
}
