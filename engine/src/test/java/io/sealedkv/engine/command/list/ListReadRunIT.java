package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Pipelined LRANGEs and LINDEXes, which run as a {@link ListReadRun} opening each node once, answer as one by
 * one: on a list that does not change, and on one that a third connection pushes to and pops from meanwhile.
 */
class ListReadRunIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static final int LENGTH = 1000;
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    /** Element {@code n}: its number, then padding to 100 bytes, so a node holds some 80 of them. */
    private static String element(long n) {
        return "%010d".formatted(n) + "x".repeat(90);
    }

    private static long number(String element) {
        return Long.parseLong(element.substring(0, 10));
    }

    /** Fills "q" from head to tail with elements LENGTH-1 down to 0: pushes at the head keep it descending. */
    private void fill() {
        for (int n = 0; n < LENGTH; n += 100) {
            List<String> batch = new ArrayList<>();
            for (int i = n; i < n + 100; i++) {
                batch.add(element(i));
            }
            jedis.lpush("q", batch.toArray(String[]::new));
        }
    }

    /** The reads of one pipeline: ranges and indexes at both ends and in the middle, some repeated. */
    private static void reads(Pipeline pipeline, int round) {
        pipeline.lrange("q", 0, 99);
        pipeline.lindex("q", 0);
        pipeline.lrange("q", 50 + round % 40, 149 + round % 40);
        pipeline.lindex("q", 120 + round % 7);
        pipeline.lrange("q", 0, 99);
        pipeline.lrange("q", -100, -1);
        pipeline.lindex("q", -1);
        pipeline.lrange("q", 400, 420);
        pipeline.lindex("q", 0);
        pipeline.lrange("q", 0, 0);
    }

    @Test
    void pipelinedReadsOfAStillListAnswerAsOneByOne() {
        fill();
        List<Object> alone = new ArrayList<>();
        Pipeline recorder = jedis.pipelined();
        reads(recorder, 3);
        List<Object> pipelined = recorder.syncAndReturnAll();
        alone.add(jedis.lrange("q", 0, 99));
        alone.add(jedis.lindex("q", 0));
        alone.add(jedis.lrange("q", 53, 152));
        alone.add(jedis.lindex("q", 123));
        alone.add(jedis.lrange("q", 0, 99));
        alone.add(jedis.lrange("q", -100, -1));
        alone.add(jedis.lindex("q", -1));
        alone.add(jedis.lrange("q", 400, 420));
        alone.add(jedis.lindex("q", 0));
        alone.add(jedis.lrange("q", 0, 0));
        assertThat(pipelined).isEqualTo(alone);
        assertThat(number(jedis.lindex("q", 0))).isEqualTo(LENGTH - 1);
    }

    @Test
    void pipelinedReadsFromTwoConnectionsSeeWhatAThirdPushesAndPops() throws Exception {
        fill();
        AtomicBoolean reading = new AtomicBoolean(true);
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            long next = LENGTH;
            try (Jedis connection = server.jedis()) {
                while (reading.get()) {
                    Pipeline pipeline = connection.pipelined();
                    for (int i = 0; i < 8; i++) {
                        pipeline.lpush("q", element(next), element(next + 1));
                        next += 2;
                        pipeline.rpop("q", 2);
                    }
                    pipeline.sync();
                }
            }
            return next;
        });
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                try (Jedis connection = server.jedis()) {
                    Ends ends = new Ends();
                    for (int round = 0; round < 300; round++) {
                        Pipeline pipeline = connection.pipelined();
                        reads(pipeline, round);
                        ends.check(pipeline.syncAndReturnAll(), round);
                    }
                    return ends.checked;
                }
            }));
        }
        int checked = 0;
        try {
            for (CompletableFuture<Integer> reader : readers) {
                checked += reader.get();
            }
        } finally {
            reading.set(false);
        }
        long pushed = writer.get();
        assertThat(checked).isEqualTo(2 * 300 * 10);
        List<String> all = jedis.lrange("q", 0, -1);
        assertThat(all).hasSize(LENGTH);
        assertThat(number(all.get(0))).isEqualTo(pushed - 1);
        assertThat(number(all.get(LENGTH - 1))).isEqualTo(pushed - LENGTH);
    }

    /**
     * What one reader has seen of the list's ends: the list always holds consecutive numbers in descending
     * order, each read sees it at one moment, and its reads come in order, so the head (and tail) number it
     * implies never goes down from one read to the next.
     */
    private static final class Ends {
        private long head = LENGTH - 1;
        private long tail;
        int checked;

        void check(List<Object> replies, int round) {
            range(replies.get(0), 0, 100);
            index(replies.get(1), 0);
            range(replies.get(2), 50 + round % 40, 100);
            index(replies.get(3), 120 + round % 7);
            range(replies.get(4), 0, 100);
            tail(replies.get(5), 100);
            tailIndex(replies.get(6));
            range(replies.get(7), 400, 21);
            index(replies.get(8), 0);
            range(replies.get(9), 0, 1);
            checked += replies.size();
        }

        @SuppressWarnings("unchecked")
        private void range(Object reply, int start, int length) {
            List<String> elements = (List<String>) reply;
            assertThat(elements).hasSize(length);
            consecutive(elements);
            seenHead(number(elements.get(0)) + start);
        }

        @SuppressWarnings("unchecked")
        private void tail(Object reply, int length) {
            List<String> elements = (List<String>) reply;
            assertThat(elements).hasSize(length);
            consecutive(elements);
            seenTail(number(elements.get(length - 1)));
        }

        private void index(Object reply, int index) {
            seenHead(whole((String) reply) + index);
        }

        private void tailIndex(Object reply) {
            seenTail(whole((String) reply));
        }

        private static long whole(String element) {
            assertThat(element).isEqualTo(element(number(element)));
            return number(element);
        }

        private void consecutive(List<String> elements) {
            for (int i = 1; i < elements.size(); i++) {
                assertThat(elements.get(i)).isEqualTo(element(whole(elements.get(0)) - i));
            }
        }

        private void seenHead(long number) {
            assertThat(number).as("the head seen by a later read").isGreaterThanOrEqualTo(head);
            head = number;
        }

        private void seenTail(long number) {
            assertThat(number).as("the tail seen by a later read").isGreaterThanOrEqualTo(tail);
            tail = number;
        }
    }
}
