package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * Pipelined ZADD runs ({@link ZAddRun}) into one skiplist sorted set: they change the set under the run's
 * one hold; the replies, with flags and many equal scores, and the set read afterwards are those of a plain
 * model; ties placed by two pipelining clients are in the order of their bytes; clients adding and removing the
 * same members count every change once; a ZADD whose member cannot be sealed fails alone.
 */
class PipelinedZAddIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension("zset-max-listpack-entries 8");
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
    }

    /** Fails when the run is not taken: alone, each ZADD changes the set (and is propagated) under its own hold. */
    @Test
    void zaddsInOnePipelineChangeTheSetUnderTheRunsHold() {
        try (TestServer alone = TestServer.start("zset-max-listpack-entries 8"); Jedis client = alone.jedis()) {
            Keyspace keyspace = alone.server().keyspace();
            List<Integer> holds = new CopyOnWriteArrayList<>();
            keyspace.writes().addPropagationListener((db, argv) -> holds.add(keyspace.lock().getHoldCount()));
            for (int i = 0; i < 10; i++) {
                client.zadd("z", i, "first-" + i);
            }
            holds.clear();
            Pipeline pipeline = client.pipelined();
            for (int i = 0; i < 20; i++) {
                pipeline.zadd("z", i % 4, "m" + i);
            }
            pipeline.sync();
            // the run's hold and, inside it, each ZADD's own
            assertThat(holds).hasSize(20).containsOnly(2);
        }
    }

    @Test
    void zaddsInOnePipelineLeaveTheSetAModelWouldHave() {
        Random random = new Random(17);
        Map<String, Double> model = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            jedis.zadd("z", i, "first-" + i);
            model.put("first-" + i, (double) i);
        }
        for (int round = 0; round < 20; round++) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<?>> replies = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String member = "m" + random.nextInt(1500);
                double score = random.nextInt(50);
                int kind = random.nextInt(10);
                if (kind == 0) {
                    replies.add(pipeline.zaddIncr("z", score, member, new ZAddParams()));
                    double updated = model.getOrDefault(member, 0.0) + score;
                    model.put(member, updated);
                    expected.add(updated);
                } else if (kind == 1) {
                    replies.add(pipeline.zadd("z", score, member, new ZAddParams().gt().ch()));
                    Double current = model.get(member);
                    boolean changes = current == null || score > current;
                    if (changes) {
                        model.put(member, score);
                    }
                    expected.add(changes ? 1L : 0L);
                } else if (kind == 2) {
                    replies.add(pipeline.zadd("z", score, member, new ZAddParams().xx()));
                    model.computeIfPresent(member, (m, s) -> score);
                    expected.add(0L);
                } else {
                    String other = "o" + random.nextInt(1500);
                    replies.add(pipeline.zadd("z", Map.of(member, score, other, score + 1)));
                    long added = (model.containsKey(member) ? 0 : 1) + (model.containsKey(other) ? 0 : 1);
                    model.put(member, score);
                    model.put(other, score + 1);
                    expected.add(added);
                }
            }
            pipeline.sync();
            assertThat(replies.stream().map(Response::get).toList()).as("round %d", round).isEqualTo(expected);
        }
        assertThat(jedis.objectEncoding("z")).isEqualTo("skiplist");
        assertThat(jedis.zcard("z")).isEqualTo(model.size());
        assertThat(jedis.zrangeWithScores("z", 0, -1)).isEqualTo(ordered(model));
        jedis.restore("z-restored", 0, jedis.dump("z"));
        assertThat(jedis.zrangeWithScores("z-restored", 0, -1)).isEqualTo(ordered(model));
    }

    @Test
    void clientsAddingAndRemovingTheSameMembersCountEveryChangeOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            jedis.zadd("z", i, "m" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> changes = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int seed = client;
            changes.add(pool.submit(() -> addAndRemove(seed)));
        }
        long change = 0;
        for (Future<Long> future : changes) {
            change += future.get();
        }
        pool.shutdown();
        assertThat(jedis.zcard("z")).isEqualTo(20 + change);
        assertThat(jedis.zrange("z", 0, -1)).allMatch(member -> member.matches("m\\d+"));
        assertThat(jedis.objectEncoding("z")).isEqualTo("skiplist");
    }

    /** Pipelines of ZADDs (of one or two members) with a ZREM now and then; members added minus removed. */
    /**
     * A run whose set is replaced after it accepted its ZADDs (another skiplist set moved over the key
     * while the run waits for its look-ahead hold) writes into the set the key holds at its hold: members
     * sealed for the old set would never open again.
     */
    @Test
    void aRunWhoseSetIsReplacedBeforeItsHoldWritesIntoTheNewSet() throws Exception {
        try (TestServer alone = TestServer.start("zset-max-listpack-entries 8"); Jedis client = alone.jedis()) {
            for (int i = 0; i < 20; i++) {
                client.zadd("z", i, "m" + i);
                client.zadd("y", 100 + i, "m" + i);
            }
            client.zadd("z", 0, "m0");
            Keyspace keyspace = alone.server().keyspace();
            List<Integer> holds = new CopyOnWriteArrayList<>();
            keyspace.writes().addPropagationListener((db, argv) -> holds.add(keyspace.lock().getHoldCount()));
            CompletableFuture<List<Long>> replies;
            keyspace.lock().lock();
            try {
                replies = CompletableFuture.supplyAsync(() -> {
                    Pipeline pipeline = client.pipelined();
                    List<Response<Long>> added = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        added.add(pipeline.zadd("z", 50 + i, (i % 2 == 0 ? "m" : "n") + i));
                    }
                    pipeline.sync();
                    return added.stream().map(Response::get).toList();
                });
                while (!aRunWaitsForTheLock()) {
                    Thread.onSpinWait();
                }
                Database db = keyspace.database(0);
                Entry y = keyspace.lookupWrite(db, bytes("y"));
                Object moved = y.value();
                keyspace.writes().remove(db, y);
                keyspace.writes().set(db, bytes("z"), moved, false);
            } finally {
                keyspace.lock().unlock();
            }
            assertThat(replies.get()).containsExactly(0L, 1L, 0L, 1L, 0L, 1L, 0L, 1L, 0L, 1L);
            assertThat(holds).hasSize(10).containsOnly(2);
            assertThat(client.zcard("z")).isEqualTo(25);
            assertThat(client.zrangeByScore("z", 50, 60))
                    .containsExactly("m0", "n1", "m2", "n3", "m4", "n5", "m6", "n7", "m8", "n9");
            assertThat(client.zscore("z", "m15")).isEqualTo(115.0);
            client.restore("copy", 0, client.dump("z"));
            assertThat(client.zcard("copy")).isEqualTo(25);
        }
    }

    /** Whether a network thread is parked on the keyspace lock inside a ZADD run. */
    private static boolean aRunWaitsForTheLock() {
        return Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(thread -> thread.getKey().getState() == Thread.State.WAITING
                        && Arrays.stream(thread.getValue())
                                .anyMatch(frame -> frame.getClassName().equals(ZAddRun.class.getName())));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long addAndRemove(int seed) {
        Random random = new Random(seed);
        long change = 0;
        try (Jedis client = server.jedis()) {
            change += client.zadd("z", 0, "m0");
            for (int p = 0; p < 60; p++) {
                Pipeline pipeline = client.pipelined();
                List<Response<Long>> added = new ArrayList<>();
                List<Response<Long>> removed = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String member = "m" + random.nextInt(60);
                    if (random.nextInt(8) == 0) {
                        removed.add(pipeline.zrem("z", member));
                    } else if (random.nextBoolean()) {
                        added.add(pipeline.zadd("z", random.nextInt(5), member));
                    } else {
                        added.add(pipeline.zadd("z", Map.of(member, 1.0, "m" + (60 + random.nextInt(20)), 2.0)));
                    }
                }
                pipeline.sync();
                change += added.stream().mapToLong(Response::get).sum();
                change -= removed.stream().mapToLong(Response::get).sum();
            }
        }
        return change;
    }

    /**
     * Two clients pipeline ZADDs of random binary members (each its own) at scores held by a few members each, so
     * most ZADDs place a member among ties, which the other client changes meanwhile: the set's order is the
     * members' unsigned bytes within each score, as a model orders them.
     */
    @Test
    void tiesPlacedByTwoPipeliningClientsAreInTheOrderOfTheirBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Map<ByteBuffer, Double>>> clients = new ArrayList<>();
        for (int client = 0; client < 2; client++) {
            int id = client;
            clients.add(pool.submit(() -> addTies(id)));
        }
        Map<ByteBuffer, Double> model = new HashMap<>();
        for (Future<Map<ByteBuffer, Double>> client : clients) {
            model.putAll(client.get());
        }
        pool.shutdown();
        List<Tuple> expected = model.entrySet().stream()
                .map(pair -> new Tuple(pair.getKey().array(), pair.getValue()))
                .sorted(Comparator.comparingDouble(Tuple::getScore)
                        .thenComparing(Tuple::getBinaryElement, Arrays::compareUnsigned))
                .toList();
        List<Tuple> read = jedis.zrangeWithScores(bytes("ties"), 0, -1);
        assertThat(read).hasSameSizeAs(expected);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).getBinaryElement()).as("rank %d", i).isEqualTo(expected.get(i).getBinaryElement());
            assertThat(read.get(i).getScore()).as("rank %d", i).isEqualTo(expected.get(i).getScore());
        }
    }

    /** Pipelines of ZADDs of client {@code id}'s members (their last byte) to scores 0-299; its members' last scores. */
    private static Map<ByteBuffer, Double> addTies(int id) {
        Random random = new Random(25 + id);
        byte[][] members = new byte[400][];
        for (int i = 0; i < members.length; i++) {
            members[i] = new byte[1 + random.nextInt(4)];
            random.nextBytes(members[i]);
            members[i][members[i].length - 1] = (byte) id;
        }
        Map<ByteBuffer, Double> last = new HashMap<>();
        try (Jedis client = server.jedis()) {
            for (int i = 0; i < 10; i++) {
                client.zadd(bytes("ties"), 1000 + i, bytes("first-" + id + "-" + i));
                last.put(ByteBuffer.wrap(bytes("first-" + id + "-" + i)), 1000.0 + i);
            }
            for (int p = 0; p < 40; p++) {
                Pipeline pipeline = client.pipelined();
                for (int i = 0; i < 50; i++) {
                    byte[] member = members[random.nextInt(members.length)];
                    double score = random.nextInt(300);
                    pipeline.zadd(bytes("ties"), score, member);
                    last.put(ByteBuffer.wrap(member), score);
                }
                pipeline.sync();
            }
        }
        return last;
    }

    /** A ZADD whose member the codec refuses fails alone, with the error it gets alone; the run's others apply. */
    @Test
    void aMemberTheCodecRefusesFailsOnlyItsOwnZadd() {
        try (TestServer limited = TestServer.start(new CodecOptions(true, 200, 1000), "zset-max-listpack-entries 2");
             Jedis client = limited.jedis()) {
            client.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
            client.zadd("z", 0, "a");
            Pipeline pipeline = client.pipelined();
            Response<Long> before = pipeline.zadd("z", 4, "d");
            Response<Long> refused = pipeline.zadd("z", Map.of("e", 5.0, "big".repeat(700), 6.0));
            Response<Long> after = pipeline.zadd("z", 7, "a");
            pipeline.sync();
            assertThat(before.get()).isEqualTo(1);
            assertThatThrownBy(refused::get).hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            assertThat(after.get()).isZero();
            assertThat(client.zrangeWithScores("z", 0, -1)).containsExactly(new Tuple("b", 2.0), new Tuple("c", 3.0),
                    new Tuple("d", 4.0), new Tuple("a", 7.0));
        }
    }

    /** The model's members by (score, member), as ZRANGE WITHSCORES gives them. */
    private static List<Tuple> ordered(Map<String, Double> model) {
        TreeSet<Tuple> tuples = new TreeSet<>();
        model.forEach((member, score) -> tuples.add(new Tuple(member, score)));
        return new ArrayList<>(tuples);
    }
}
