package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.ServerExtension;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Pipelined LPUSH/RPUSH runs ({@link ListPushRun}), whose pushes to one list are sealed together as
 * nodes: the replies, and the list read, indexed, copied, dumped and popped to empty at both edges
 * afterwards, are those of a plain model, whatever node size the fill allows (by bytes or by count) and
 * however large the elements (a group then spans several nodes).
 */
class PipelinedPushIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "-1", "3", "1"})
    void pushesInOnePipelineLeaveTheListAModelWouldHave(String fill) {
        jedis.configSet("list-max-listpack-size", fill);
        Random random = new Random(fill.hashCode());
        Map<String, LinkedList<String>> model = Map.of("p", new LinkedList<>(), "q", new LinkedList<>());
        for (String key : model.keySet()) {
            // Pushed alone first: the runs that follow seal for a list this connection pushed to last.
            jedis.rpush(key, "first-" + key);
            model.get(key).addLast("first-" + key);
        }
        for (int round = 0; round < 6; round++) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = i < 25 ? "p" : "q";
                boolean head = random.nextInt(3) > 0;
                String[] elements = new String[1 + random.nextInt(3)];
                for (int j = 0; j < elements.length; j++) {
                    elements[j] = round + "-" + i + "-" + j + "-" + "x".repeat(random.nextInt(4) == 0 ? 3000 : 20);
                }
                LinkedList<String> list = model.get(key);
                for (String element : elements) {
                    if (head) {
                        list.addFirst(element);
                    } else {
                        list.addLast(element);
                    }
                }
                replies.add(head ? pipeline.lpush(key, elements) : pipeline.rpush(key, elements));
                expected.add((long) list.size());
            }
            pipeline.sync();
            assertThat(replies.stream().map(Response::get).toList()).isEqualTo(expected);
        }
        for (String key : model.keySet()) {
            List<String> list = model.get(key);
            assertThat(jedis.lrange(key, 0, -1)).isEqualTo(list);
            for (int index : new int[] {0, 1, 17, list.size() / 2, list.size() - 2, -1}) {
                assertThat(jedis.lindex(key, index)).isEqualTo(list.get(index < 0 ? list.size() + index : index));
            }
            assertThat(jedis.copy(key, key + "-copy", false)).isTrue();
            jedis.restore(key + "-restored", 0, jedis.dump(key));
            for (String target : List.of(key, key + "-copy", key + "-restored")) {
                LinkedList<String> left = new LinkedList<>(list);
                while (!left.isEmpty()) {
                    assertThat(jedis.lpop(target, 7)).isEqualTo(take(left, 7, true));
                    assertThat(jedis.rpop(target, 5)).isEqualTo(take(left, 5, false));
                }
                assertThat(jedis.exists(target)).isFalse();
            }
        }
    }

    private static List<String> take(LinkedList<String> list, int count, boolean head) {
        List<String> taken = new ArrayList<>();
        while (taken.size() < count && !list.isEmpty()) {
            taken.add(head ? list.removeFirst() : list.removeLast());
        }
        return taken.isEmpty() ? null : taken;
    }
    /**
     * A list whose TTL runs out while a pipeline of pushes runs (a clock that jumps 5 ms at each reading; a
     * hold reads it once and it stands still until the hold ends): the pushes after its expiry go into a new
     * list, answering 1, 2, ... as Redis does, never an error and never an element lost. diff-18's F9: with
     * the clock read at every lookup, a list could expire between two pushes of a run's group, and the rest
     * of the group failed with ERR internal error.
     */
    @Test
    void aListExpiringWhileAPipelineOfPushesRunsIsFollowedByANewOne() {
        Keyspace keyspace = server.server().keyspace();
        AtomicLong ticks = new AtomicLong(System.currentTimeMillis());
        int midRun = 0;
        try {
            for (int ttl : new int[] {40, 120, 300, 600}) {
                jedis.del("l");
                jedis.rpush("l", "first");
                keyspace.clock(() -> ticks.getAndAdd(5));
                jedis.pexpire("l", ttl);
                Pipeline pipeline = jedis.pipelined();
                List<Response<Long>> replies = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    replies.add(pipeline.lpush("l", "e" + i));
                }
                pipeline.sync();
                long lastPush = ticks.get() - 5;
                keyspace.clock(() -> lastPush); // read as of the last push: real time may be past the TTL
                int fresh = 0;
                for (int i = 0; i < replies.size(); i++) {
                    long replied = replies.get(i).get();
                    if (replied == 1) {
                        fresh = i;
                        midRun += i > 0 ? 1 : 0;
                    } else {
                        assertThat(replied).as("reply %d", i).isEqualTo(i == 0 ? 2 : replies.get(i - 1).get() + 1);
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = replies.size() - 1; i >= fresh; i--) {
                    expected.add("e" + i);
                }
                if (replies.get(0).get() == 2 && fresh == 0) {
                    expected.add("first");
                }
                assertThat(jedis.lrange("l", 0, -1)).isEqualTo(expected);
            }
        } finally {
            keyspace.clock(System::currentTimeMillis);
        }
        assertThat(midRun).as("lists that expired inside the pipeline").isPositive();
    }
}
