package io.sealedkv.engine.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** SCAN reads its cursor as Redis does (strtoul) and takes any COUNT. */
class ScanCursorIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Object scan(Jedis jedis, String cursor) {
        return jedis.sendCommand(() -> "SCAN".getBytes(StandardCharsets.US_ASCII),
                cursor.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void cursorsStrtoulAcceptsAreCursors() {
        Jedis jedis = server.emptyJedis();
        for (String cursor : new String[] {"-1", "+0", "-0", "00", "", "18446744073709551615",
                                           "-18446744073709551615", "1\u0000a", "\u0000"}) {
            assertThat((List<?>) scan(jedis, cursor)).as("'%s'", cursor).hasSize(2);
        }
    }

    @Test
    void anythingElseIsAnInvalidCursor() {
        Jedis jedis = server.emptyJedis();
        for (String cursor : new String[] {"-", "+", " 1", "1 ", "0x10", "1a", "18446744073709551616",
                                           "-18446744073709551616", "-\u0000"}) {
            assertThatThrownBy(() -> scan(jedis, cursor)).as("'%s'", cursor).hasMessage("ERR invalid cursor");
        }
    }

    @Test
    void theLargestCountReturnsEveryKeyInOnePage() {
        Jedis jedis = server.emptyJedis();
        for (int i = 0; i < 100; i++) {
            jedis.set("key" + i, "v");
        }
        ScanResult<String> page = jedis.scan("0", new ScanParams().count(Integer.MAX_VALUE));
        assertThat(page.getCursor()).isEqualTo("0");
        assertThat(page.getResult()).hasSize(100);
        List<?> raw = (List<?>) jedis.sendCommand(() -> "SCAN".getBytes(StandardCharsets.US_ASCII),
                "0", "COUNT", Long.toString(Long.MAX_VALUE));
        assertThat((List<?>) raw.get(1)).hasSize(100);
    }
}
