package io.sealedkv.engine.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.RawClient;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/**
 * Pipelined ZPOPMIN/ZPOPMAX runs ({@link ZPopRun}): they pop under the run's one hold, and the members
 * they answer, popping a large sorted set with many equal scores to empty from both ends, are those of a
 * plain model.
 */
class PipelinedZPopIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension("zset-max-listpack-entries 8");

    /** Fails when the run is not taken: alone, each pop changes the set (and is propagated) under its own hold. */
    @Test
    void popsInOnePipelineChangeTheSetUnderTheRunsHold() {
        try (TestServer alone = TestServer.start(); Jedis client = alone.jedis()) {
            Keyspace keyspace = alone.server().keyspace();
            List<Integer> holds = new CopyOnWriteArrayList<>();
            keyspace.writes().addPropagationListener((db, argv) -> holds.add(keyspace.lock().getHoldCount()));
            for (int i = 0; i < 300; i++) {
                client.zadd("z", i % 7, "m" + i);
            }
            holds.clear();
            Pipeline pipeline = client.pipelined();
            for (int i = 0; i < 20; i++) {
                if (i % 2 == 0) {
                    pipeline.zpopmin("z");
                } else {
                    pipeline.zpopmax("z", 2);
                }
            }
            pipeline.sync();
            // the run's hold and, inside it, each pop's own
            assertThat(holds).hasSize(20).containsOnly(2);
        }
    }

    /**
     * A client closed for its output buffer limit partway through a packet of pops loses only what one
     * by one would have: the pops after the reply that broke the limit do not run (no run is taken while a
     * limit is set, as a run's pops would all have taken their members before the first reply).
     */
    @Test
    void popsAfterTheReplyThatClosesTheClientForItsOutputLimitDoNotRun() throws IOException {
        try (TestServer limited = TestServer.start("client-output-buffer-limit normal 100kb 0 0");
                Jedis jedis = limited.jedis()) {
            String padding = "x".repeat(100);
            for (int i = 0; i < 4000; i++) {
                jedis.zadd("z", i, padding + i);
            }
            String pop = "*3\r\n$7\r\nZPOPMIN\r\n$1\r\nz\r\n$4\r\n1000\r\n";
            try (RawClient client = new RawClient(limited.port())) {
                assertThat(client.send(pop.repeat(3)).read().closed()).as("closed for its output").isTrue();
            }
            assertThat(jedis.zcard("z")).isEqualTo(3000);
        }
    }

    @Test
    void popsInOnePipelineTakeWhatAModelWould() {
        Random random = new Random(17);
        TreeSet<Tuple> model = new TreeSet<>();
        try (Jedis jedis = server.emptyJedis()) {
            for (int i = 0; i < 3000; i++) {
                double score = random.nextInt(200);
                jedis.zadd("z", score, "m" + i);
                model.add(new Tuple("m" + i, score));
            }
            while (!model.isEmpty()) {
                Pipeline pipeline = jedis.pipelined();
                List<Response<?>> replies = new ArrayList<>();
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    boolean max = random.nextBoolean();
                    int count = random.nextInt(4);
                    if (count == 0) {
                        replies.add(max ? pipeline.zpopmax("z") : pipeline.zpopmin("z"));
                        expected.add(model.isEmpty() ? null : max ? model.pollLast() : model.pollFirst());
                    } else {
                        replies.add(max ? pipeline.zpopmax("z", count) : pipeline.zpopmin("z", count));
                        List<Tuple> taken = new ArrayList<>();
                        for (int n = 0; n < count && !model.isEmpty(); n++) {
                            taken.add(max ? model.pollLast() : model.pollFirst());
                        }
                        expected.add(taken);
                    }
                }
                pipeline.sync();
                assertThat(replies.stream().map(Response::get).toList()).isEqualTo(expected);
                assertThat(jedis.zcard("z")).isEqualTo(model.size());
            }
            assertThat(jedis.exists("z")).isFalse();
        }
    }

    /** In RESP3 a run answers as the pops one by one: pairs for a count, a flat pair without. */
    @Test
    void aRunAnswersInResp3AsThePopsOneByOne() throws IOException {
        try (Jedis jedis = server.emptyJedis()) {
            for (int i = 0; i < 100; i++) {
                jedis.zadd("run", i % 7, "m" + i);
                jedis.zadd("alone", i % 7, "m" + i);
            }
        }
        List<String> pops = List.of("ZPOPMIN %s 2", "ZPOPMAX %s 3", "ZPOPMIN %s", "ZPOPMAX %s", "ZPOPMIN %s 1",
                "ZPOPMAX %s 0");
        StringBuilder run = new StringBuilder("HELLO 3\r\n");
        StringBuilder alone = new StringBuilder("HELLO 3\r\n");
        for (String pop : pops) {
            run.append(pop.formatted("run")).append("\r\n");
            alone.append(pop.formatted("alone")).append("\r\nPING\r\n");
        }
        String answered = resp3Replies(run.toString());
        assertThat(answered).contains("*2\r\n*2\r\n$");
        assertThat(answered).isEqualTo(resp3Replies(alone.toString()).replace("+PONG\r\n", ""));
    }

    /** The replies to inline {@code commands}, after HELLO's, up to the ECHO sent after them. */
    private static String resp3Replies(String commands) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((commands + "ECHO end\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder read = new StringBuilder();
            InputStream in = socket.getInputStream();
            while (!read.toString().endsWith("$3\r\nend\r\n")) {
                int b = in.read();
                assertThat(b).as("the server answered everything").isNotNegative();
                read.append((char) b);
            }
            String replies = read.toString();
            String helloEnd = "$7\r\nmodules\r\n*0\r\n";
            return replies.substring(replies.indexOf(helloEnd) + helloEnd.length(), replies.length() - 9);
        }
    }
}
