package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** Commands sent as typed, replies decoded to strings, longs, nulls and lists of them. */
final class Raw {
    private Raw() {
    }

    static Object send(Jedis jedis, String... argv) {
        return text(jedis.sendCommand(() -> SafeEncoder.encode(argv[0]), Arrays.copyOfRange(argv, 1, argv.length)));
    }

    static String error(Jedis jedis, String... argv) {
        JedisDataException error = catchThrowableOfType(JedisDataException.class, () -> send(jedis, argv));
        assertThat(error).as("error reply for %s", String.join(" ", argv)).isNotNull();
        return error.getMessage();
    }

    static Object text(Object reply) {
        if (reply instanceof byte[] bulk) {
            return new String(bulk, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(text(item)));
            return out;
        }
        return reply;
    }
}
