package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import io.sealedkv.engine.types.list.ListNode;
import io.sealedkv.engine.types.list.SealedList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;

/**
 * Pipelined LPOP/RPOP runs ({@link ListPopRun}), which take elements off edge nodes without splitting
 * them: the replies, and the list read, indexed, copied, dumped and popped to empty afterwards, are those
 * of a plain model whatever the node fill; a run leaves its edge node a slice (so the test fails if the
 * run is not taken); clients popping one list together get every element exactly once.
 */
class PipelinedPopIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        jedis.configSet("list-max-listpack-size", "-2");
    }

    private static String[] elements(String prefix, int n, Random random) {
        String[] elements = new String[n];
        for (int i = 0; i < n; i++) {
            elements[i] = prefix + i + "-" + "x".repeat(random.nextInt(6) == 0 ? 2000 : random.nextInt(40));
        }
        return elements;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "-1", "5", "1"})
    void popsInOnePipelineAnswerAndLeaveTheListAsAModel(String fill) {
        jedis.configSet("list-max-listpack-size", fill);
        Random random = new Random(fill.hashCode());
        LinkedList<String> model = new LinkedList<>(List.of(elements("e", 600, random)));
        jedis.rpush("l", model.toArray(String[]::new));
        jedis.set("s", "v");
        for (int round = 0; round < 8; round++) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<?>> replies = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int kind = random.nextInt(20);
                if (kind == 0) {
                    replies.add(pipeline.lpop("missing"));
                    expected.add(null);
                } else if (kind == 1) {
                    replies.add(pipeline.lpop("l", 3));
                    expected.add(take(model, 3, true));
                } else if (kind == 2) {
                    replies.add(pipeline.lindex("l", 1));
                    expected.add(model.size() > 1 ? model.get(1) : null);
                } else {
                    boolean head = kind % 2 == 0;
                    replies.add(head ? pipeline.lpop("l") : pipeline.rpop("l"));
                    List<String> taken = take(model, 1, head);
                    expected.add(taken == null ? null : taken.get(0));
                }
            }
            pipeline.sync();
            assertThat(replies.stream().map(Response::get).toList()).as("round %d", round).isEqualTo(expected);
            assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        }
        for (int index : new int[] {0, 1, 17, model.size() / 2, model.size() - 2, -1}) {
            assertThat(jedis.lindex("l", index)).isEqualTo(model.get(index < 0 ? model.size() + index : index));
        }
        assertThat(jedis.copy("l", "l-copy", false)).isTrue();
        jedis.restore("l-restored", 0, jedis.dump("l"));
        for (String target : List.of("l", "l-copy", "l-restored")) {
            LinkedList<String> left = new LinkedList<>(model);
            while (!left.isEmpty()) {
                assertThat(jedis.lpop(target, 7)).isEqualTo(take(left, 7, true));
                assertThat(jedis.rpop(target)).isEqualTo(left.isEmpty() ? null : left.removeLast());
            }
            assertThat(jedis.exists(target)).isFalse();
        }
    }

    /**
     * A client closed for its output buffer limit partway through a packet of pops loses only what one
     * by one would have: no run is taken while a limit is set (a run's pops would all have taken their
     * elements before the first reply).
     */
    @Test
    void popsAfterTheReplyThatClosesTheClientForItsOutputLimitDoNotRun() throws IOException {
        try (TestServer limited = TestServer.start("client-output-buffer-limit normal 100kb 0 0");
                Jedis jedis = limited.jedis()) {
            String large = "x".repeat(70_000);
            for (int i = 0; i < 10; i++) {
                jedis.rpush("l", large + i);
            }
            String pop = "*2\r\n$4\r\nLPOP\r\n$1\r\nl\r\n";
            try (RawClient client = new RawClient(limited.port())) {
                assertThat(client.send(pop.repeat(5)).read().closed()).as("closed for its output").isTrue();
            }
            assertThat(jedis.llen("l")).isEqualTo(8);
        }
    }

    /**
     * A run pops off the edge nodes themselves (alone, a pop splits the edge node into singles, so this
     * fails when the run is not taken) and then seals each edge's slice again with only the elements
     * still in the list: the popped elements are not left in the list's sealed bytes.
     */
    @Test
    void aRunPopsFromTheEdgeNodesAndSealsWhatIsLeftOfThemAgain() {
        jedis.rpush("l", elements("e", 200, new Random(1)));
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 5; i++) {
            pipeline.lpop("l");
            pipeline.rpop("l");
        }
        pipeline.sync();
        SealedList list = list("l");
        server.server().keyspace().lock().lock();
        try {
            for (boolean head : new boolean[] {true, false}) {
                Object edge = list.segment(head ? 0 : list.segmentCount() - 1);
                assertThat(edge instanceof ListNode node && node.sliced()).as("a slice left").isFalse();
                assertThat(list.edgeRun(head)).as("singles split off the edge node").isLessThanOrEqualTo(1);
            }
        } finally {
            server.server().keyspace().lock().unlock();
        }
        assertThat(jedis.llen("l")).isEqualTo(190);
    }

    /**
     * RPOPLPUSH and LMOVE from an edge that is a node with one element left (a slice whose re-seal after its
     * run was skipped: the edge was claimed, or a snapshot saved it) move that element, as from a single.
     */
    @Test
    void movesFromASliceOfOneElementMoveIt() {
        jedis.configSet("list-max-listpack-size", "5");
        List<String> model = new ArrayList<>(List.of(elements("m", 60, new Random(3))));
        jedis.rpush("l", model.toArray(String[]::new));
        SealedList list = list("l");
        server.server().keyspace().lock().lock();
        try {
            sliceToOne(list, true, model);
            sliceToOne(list, false, model);
        } finally {
            server.server().keyspace().lock().unlock();
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        assertThat(jedis.rpoplpush("l", "d")).isEqualTo(model.remove(model.size() - 1));
        assertThat(jedis.lmove("l", "d", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo(model.remove(0));
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
        assertThat(jedis.llen("d")).isEqualTo(2);
    }

    /**
     * A push in front of a slice whose re-seal was skipped seals that slice again first, one push alone as
     * a pipelined run of pushes, so no slice (with popped elements in its block) is buried inside the list.
     */
    @Test
    void pushesInFrontOfASliceSealItAgainFirst() {
        jedis.configSet("list-max-listpack-size", "8");
        List<String> model = new ArrayList<>(List.of(elements("s", 100, new Random(5))));
        jedis.rpush("l", model.toArray(String[]::new));
        SealedList list = list("l");
        server.server().keyspace().lock().lock();
        try {
            for (boolean head : new boolean[] {true, false}) {
                assertThat(list.segment(head ? 0 : list.segmentCount() - 1)).isInstanceOf(ListNode.class);
                list.popElement(head);
                model.remove(head ? 0 : model.size() - 1);
            }
        } finally {
            server.server().keyspace().lock().unlock();
        }
        jedis.lpush("l", "h");
        model.add(0, "h");
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 20; i++) {
            pipeline.rpush("l", "t" + i);
            model.add("t" + i);
        }
        pipeline.sync();
        server.server().keyspace().lock().lock();
        try {
            for (int i = 0; i < list.segmentCount(); i++) {
                assertThat(list.segment(i) instanceof ListNode node && node.sliced()).as("slice at %d", i).isFalse();
            }
        } finally {
            server.server().keyspace().lock().unlock();
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(model);
    }

    /** Pops without crypto at one edge until it is a node holding one element (under the lock). */
    private static void sliceToOne(SealedList list, boolean head, List<String> model) {
        while (!(list.segment(head ? 0 : list.segmentCount() - 1) instanceof ListNode node && node.count() == 1)) {
            list.popElement(head);
            model.remove(head ? 0 : model.size() - 1);
        }
    }

    private static SealedList list(String key) {
        Keyspace keyspace = server.server().keyspace();
        keyspace.lock().lock();
        try {
            Entry entry = keyspace.lookup(keyspace.database(0), key.getBytes(StandardCharsets.UTF_8), Keyspace.NO_STATS);
            return (SealedList) entry.value();
        } finally {
            keyspace.lock().unlock();
        }
    }

    @Test
    void clientsPoppingOneListTogetherGetEveryElementOnce() throws Exception {
        String[] pushed = elements("c", 20_000, new Random(2));
        for (int from = 0; from < pushed.length; from += 1000) {
            jedis.rpush("l", Arrays.copyOfRange(pushed, from, from + 1000));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                boolean head = c % 2 == 0;
                clients.add(pool.submit(() -> popUntilEmpty(head)));
            }
            List<String> popped = new ArrayList<>();
            for (Future<List<String>> client : clients) {
                popped.addAll(client.get());
            }
            Set<String> distinct = new HashSet<>(popped);
            assertThat(distinct).hasSize(popped.size());
            List<String> sorted = new ArrayList<>(popped);
            List<String> expected = new ArrayList<>(List.of(pushed));
            Collections.sort(sorted);
            Collections.sort(expected);
            assertThat(sorted).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jedis.exists("l")).isFalse();
    }

    private static List<String> popUntilEmpty(boolean head) {
        List<String> popped = new ArrayList<>();
        try (Jedis client = server.jedis()) {
            while (true) {
                Pipeline pipeline = client.pipelined();
                List<Response<String>> replies = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    replies.add(head ? pipeline.lpop("l") : pipeline.rpop("l"));
                }
                pipeline.sync();
                for (Response<String> reply : replies) {
                    if (reply.get() == null) {
                        return popped;
                    }
                    popped.add(reply.get());
                }
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
}
