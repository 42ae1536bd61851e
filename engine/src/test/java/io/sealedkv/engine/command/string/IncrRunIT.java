package io.sealedkv.engine.command.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.Eventually;
import io.sealedkv.engine.testing.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Pipelined INCRs, DECRs, INCRBYs and DECRBYs, which run together ({@link IncrRun}), over a socket: a key
 * repeated in the pipeline, errors inside it (WRONGTYPE, no integer, overflow, an argument error), and what
 * others see of each command: the keyspace notifications and MONITOR lines of every one, in order, the
 * statistics of each (no keyspace hits or misses, as Redis counts writes), and inside MULTI, queued, EXEC's.
 */
class IncrRunIT extends ServerPerClass {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String OVERFLOW = "ERR increment or decrement would overflow";

    @BeforeEach
    void noKeyspaceEvents() {
        jedis.configSet("notify-keyspace-events", "");
    }

    @Test
    void repeatedKeysAndErrorsInsideOnePipelineAnswerAsAlone() {
        jedis.set("s", "abc");
        jedis.lpush("l", "x");
        jedis.set("big", Long.toString(Long.MAX_VALUE - 1));
        jedis.set("a", "5");
        jedis.configResetStat();
        List<Object> replies = pipelined("INCR a", "INCR a", "INCRBY a 10", "DECR b", "INCR s", "INCR l", "INCR big",
                "INCR big", "DECRBY a -5", "INCRBY a x", "DECRBY a 2", "DECRBY a -9223372036854775808", "DECR b");
        assertThat(replies).containsExactly(6L, 7L, 17L, -1L, NOT_INTEGER, WRONGTYPE, Long.MAX_VALUE, OVERFLOW, 22L,
                NOT_INTEGER, 20L, "ERR decrement would overflow", -2L);
        assertThat(jedis.info("stats")).contains("keyspace_hits:0", "keyspace_misses:0");
        assertThat(jedis.info("commandstats")).contains("cmdstat_incr:calls=6,", "failed_calls=3",
                "cmdstat_incrby:calls=2,", "cmdstat_decr:calls=2,", "cmdstat_decrby:calls=3,");
        assertThat(jedis.mget("a", "b", "s", "big")).containsExactly("20", "-2", "abc", Long.toString(Long.MAX_VALUE));
    }

    @Test
    void incrsQueuedInsideMultiRunInExec() {
        jedis.set("a", "1");
        List<Object> replies = pipelined("MULTI", "INCR a", "INCR a", "INCRBY b 3", "INCR l", "EXEC", "INCR a");
        assertThat(replies).containsExactly("OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED",
                List.of(2L, 3L, 3L, 1L), 4L);
    }

    @Test
    void everyIncrOfAPipelineNotifiesInOrder() throws InterruptedException {
        jedis.configSet("notify-keyspace-events", "KEA");
        jedis.set("s", "text");
        List<String> events = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                events.add(channel + " " + message);
            }
        };
        Thread subscriber = new Thread(() -> server.jedis().psubscribe(listener, "__keyevent@0__:*"));
        subscriber.start();
        Eventually.until(Duration.ofSeconds(5), () -> listener.getSubscribedChannels() == 1);
        List<Object> replies = pipelined("INCR a", "INCRBY b 2", "INCR a", "INCR s", "DECR c", "DECRBY a 1");
        assertThat(replies).containsExactly(1L, 2L, 2L, NOT_INTEGER, -1L, 1L);
        List<String> expected = List.of("__keyevent@0__:incrby a", "__keyevent@0__:incrby b",
                "__keyevent@0__:incrby a", "__keyevent@0__:incrby c", "__keyevent@0__:incrby a");
        for (int wait = 0; wait < 500 && events.size() < expected.size(); wait++) {
            Thread.sleep(10);
        }
        listener.punsubscribe();
        subscriber.join();
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void monitorSeesEveryIncrOfAPipelineInOrder() throws IOException {
        try (RawClient monitor = new RawClient(server.port())) {
            monitor.send("MONITOR\r\n");
            assertThat(monitor.read().text()).isEqualTo("+OK\r\n");
            pipelined("INCR a", "INCR b", "DECR a", "INCRBY a 7", "INCR s");
            List<String> lines = new ArrayList<>();
            for (String line : monitor.read().text().split("\r\n")) {
                lines.add(line.substring(line.indexOf("] ") + 2));
            }
            assertThat(lines).containsExactly("\"INCR\" \"a\"", "\"INCR\" \"b\"", "\"DECR\" \"a\"",
                    "\"INCRBY\" \"a\" (redacted)", "\"INCR\" \"s\"");
        }
    }

    /** Sends {@code commands} in one pipeline: each reply, an error as its message. */
    private List<Object> pipelined(String... commands) {
        Pipeline pipeline = jedis.pipelined();
        for (String command : commands) {
            String[] words = command.split(" ");
            pipeline.sendCommand(() -> SafeEncoder.encode(words[0]), Arrays.copyOfRange(words, 1, words.length));
        }
        return pipeline.syncAndReturnAll().stream().map(IncrRunIT::plain).toList();
    }

    /** A reply with its texts as strings and an error as its message. */
    private static Object plain(Object reply) {
        if (reply instanceof List<?> list) {
            return list.stream().map(IncrRunIT::plain).toList();
        }
        if (reply instanceof byte[] text) {
            return SafeEncoder.encode(text);
        }
        return reply instanceof Exception e ? e.getMessage() : reply;
    }
}
