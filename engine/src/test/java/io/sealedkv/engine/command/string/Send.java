package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** Sends a command as typed and returns the reply as Jedis decodes it, for exact reply checks. */
final class Send {
    private final Jedis jedis;

    Send(Jedis jedis) {
        this.jedis = jedis;
    }

    Object raw(String... argv) {
        return jedis.sendCommand(() -> SafeEncoder.encode(argv[0]), Arrays.copyOfRange(argv, 1, argv.length));
    }

    long integer(String... argv) {
        Object reply = raw(argv);
        assertThat(reply).isInstanceOf(Long.class);
        return (Long) reply;
    }

    /** A bulk reply as text, or null for a null reply. */
    String bulk(String... argv) {
        Object reply = raw(argv);
        return reply == null ? null : SafeEncoder.encode((byte[]) reply);
    }

    @SuppressWarnings("unchecked")
    List<Object> array(String... argv) {
        Object reply = raw(argv);
        assertThat(reply).isInstanceOf(List.class);
        return (List<Object>) reply;
    }

    /** The error message the command fails with. */
    String error(String... argv) {
        JedisDataException error = catchThrowableOfType(JedisDataException.class, () -> raw(argv));
        assertThat(error).as("error reply for %s", String.join(" ", argv)).isNotNull();
        return error.getMessage();
    }
}
