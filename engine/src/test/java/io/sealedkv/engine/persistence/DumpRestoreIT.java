package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.testing.ServerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.RestoreParams;

/** DUMP and RESTORE with every option and Redis's error texts; tampered payloads are refused. */
class DumpRestoreIT {
    @RegisterExtension
    static final ServerExtension SERVER = new ServerExtension();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dumpOfAMissingKeyIsNil() {
        Jedis jedis = SERVER.emptyJedis();
        assertThat(jedis.dump("missing")).isNull();
    }

    @Test
    void restoreUnderAnotherKeyAndDatabaseGivesTheValueBack() {
        Jedis jedis = SERVER.emptyJedis();
        byte[] value = {0, (byte) 0xff, 'a', '\n'};
        jedis.set(bytes("src"), value);
        byte[] payload = jedis.dump("src");
        assertThat(jedis.restore(bytes("dst"), 0, payload)).isEqualTo("OK");
        assertThat(jedis.get(bytes("dst"))).isEqualTo(value);
        assertThat(jedis.ttl("dst")).isEqualTo(-1);
        jedis.select(2);
        assertThat(jedis.restore(bytes("src"), 0, payload)).isEqualTo("OK");
        assertThat(jedis.get(bytes("src"))).isEqualTo(value);
        jedis.select(0);
    }

    @Test
    void theSamePayloadRestoresAfterSwapdbMovedTheSourceDatabase() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "v");
        byte[] payload = jedis.dump("k");
        jedis.swapDB(0, 1);
        assertThat(jedis.restore(bytes("k"), 0, payload)).isEqualTo("OK");
        assertThat(jedis.get("k")).isEqualTo("v");
    }

    @Test
    void anExistingKeyIsBusyUnlessReplace() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "old");
        jedis.set("other", "new");
        byte[] payload = jedis.dump("other");
        assertThatThrownBy(() -> jedis.restore(bytes("k"), 0, payload))
                .hasMessage("BUSYKEY Target key name already exists.");
        assertThat(jedis.restore(bytes("k"), 0, payload, RestoreParams.restoreParams().replace())).isEqualTo("OK");
        assertThat(jedis.get("k")).isEqualTo("new");
    }

    @Test
    void ttlIsRelativeOrAbsoluteAndAPastAbsoluteTtlDeletesWithReplace() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "v");
        byte[] payload = jedis.dump("k");
        jedis.restore(bytes("rel"), 100_000, payload);
        assertThat(jedis.pttl("rel")).isBetween(90_000L, 100_000L);
        long at = System.currentTimeMillis() + 200_000;
        jedis.restore(bytes("abs"), at, payload, RestoreParams.restoreParams().absTtl());
        assertThat(jedis.pttl("abs")).isBetween(190_000L, 200_000L);
        assertThat(jedis.restore(bytes("k"), 1, payload, RestoreParams.restoreParams().replace().absTtl()))
                .isEqualTo("OK");
        assertThat(jedis.exists("k")).isFalse();
        assertThat(jedis.restore(bytes("never"), 1, payload, RestoreParams.restoreParams().absTtl())).isEqualTo("OK");
        assertThat(jedis.exists("never")).isFalse();
    }

    @Test
    void idletimeAndFreqSetWhatObjectReports() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "v");
        byte[] payload = jedis.dump("k");
        jedis.restore(bytes("idle"), 0, payload, RestoreParams.restoreParams().idleTime(1000));
        assertThat(jedis.objectIdletime("idle")).isBetween(1000L, 1010L);
        jedis.configSet("maxmemory-policy", "allkeys-lfu");
        try {
            jedis.restore(bytes("freq"), 0, payload, RestoreParams.restoreParams().frequency(77));
            assertThat(jedis.objectFreq("freq")).isEqualTo(77);
        } finally {
            jedis.configSet("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void optionErrorsAreRedisErrorsInRedisOrder() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "v");
        byte[] payload = jedis.dump("k");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "IDLETIME", "1", "FREQ", "2")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "IDLETIME")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "NOPE")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "IDLETIME", "-1"))
                .isEqualTo("ERR Invalid IDLETIME value, must be >= 0");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "FREQ", "256"))
                .isEqualTo("ERR Invalid FREQ value, must be >= 0 and <= 255");
        assertThat(error(jedis, "RESTORE", "n", "0", "x", "FREQ", "a"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "RESTORE", "k", "abc", "x")).isEqualTo("BUSYKEY Target key name already exists.");
        assertThat(error(jedis, "RESTORE", "n", "abc", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "RESTORE", "n", "-1", "x")).isEqualTo("ERR Invalid TTL value, must be >= 0");
        assertThat(error(jedis, "RESTORE", "n", "0", "x")).isEqualTo("ERR DUMP payload version or checksum are wrong");
        assertThat(error(jedis, "RESTORE", "n", "0")).isEqualTo("ERR wrong number of arguments for 'restore' command");
        assertThat(error(jedis, "DUMP")).isEqualTo("ERR wrong number of arguments for 'dump' command");
        assertThat(payload).isNotEmpty();
    }

    @Test
    void everyChangedByteOfAPayloadIsRefusedAndNothingChanges() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("k", "a value to dump");
        byte[] payload = jedis.dump("k");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < payload.length; i++) {
            byte[] tampered = payload.clone();
            tampered[i] ^= 0x01;
            try {
                jedis.restore(bytes("t"), 0, tampered);
                replies.add("restored with byte " + i + " changed");
            } catch (Exception e) {
                replies.add(e.getMessage());
            }
        }
        assertThat(replies).containsOnly("ERR DUMP payload version or checksum are wrong");
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 1);
        assertThatThrownBy(() -> jedis.restore(bytes("t"), 0, cut))
                .hasMessage("ERR DUMP payload version or checksum are wrong");
        assertThat(jedis.dbSize()).isEqualTo(1);
    }

    @Test
    void thePayloadHoldsNeitherTheKeyNameNorTheValueInClear() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.set("secret-key-name", "secret-value-text");
        String payload = new String(jedis.dump("secret-key-name"), StandardCharsets.ISO_8859_1);
        assertThat(payload).doesNotContain("secret").startsWith("SKVD\u0003");
    }

    /** A list's payload of versions 1 and 2 (sealed under the context name they had) restores on this server. */
    @Test
    void aListPayloadOfAnOlderVersionRestores() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.rpush("l", "a", "b", "c");
        byte[] current = jedis.dump("l");
        ValueCodec codec = SERVER.server().codec();
        byte[] body = codec.open(SealContext.of(DumpPayload.CONTEXT_DATABASE,
                "sealedkv dump payload v3".getBytes(StandardCharsets.US_ASCII)),
                Arrays.copyOfRange(current, 5, current.length));
        for (int version = 1; version <= 2; version++) {
            byte[] old = concat(Arrays.copyOf(current, 4), new byte[] {(byte) version}, codec.seal(SealContext.of(
                    DumpPayload.CONTEXT_DATABASE, "sealedkv dump payload".getBytes(StandardCharsets.US_ASCII)), body));
            assertThat(jedis.restore(bytes("v" + version), 0, old)).isEqualTo("OK");
            assertThat(jedis.lrange("v" + version, 0, -1)).containsExactly("a", "b", "c");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Older payload versions restore (above); a current payload relabelled older or newer is refused. */
    @Test
    void aPayloadWhoseVersionIsChangedIsRefused() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.rpush("l", "a", "b");
        byte[] payload = jedis.dump("l");
        for (byte other : new byte[] {1, 2, 4}) {
            payload[4] = other;
            assertThatThrownBy(() -> jedis.restore(bytes("v" + other), 0, payload))
                    .hasMessage("ERR DUMP payload version or checksum are wrong");
        }
        assertThat(jedis.exists("v1", "v2", "v4")).isZero();
    }

    private static String error(Jedis jedis, String... argv) {
        try {
            Object reply = jedis.sendCommand(() -> bytes(argv[0]), java.util.Arrays.copyOfRange(argv, 1, argv.length));
            return "no error: " + reply;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @Test
    void dumpAndRestoreOfAnExpiringKeyKeepNothingOfTheTtlButWhatRestoreSays() {
        Jedis jedis = SERVER.emptyJedis();
        jedis.psetex("k", 100_000, "v");
        byte[] payload = jedis.dump("k");
        jedis.restore(bytes("copy"), 0, payload);
        assertThat(jedis.ttl("copy")).isEqualTo(-1);
        assertThat(jedis.sendCommand(Protocol.Command.EXISTS, "copy")).isEqualTo(1L);
    }
}
