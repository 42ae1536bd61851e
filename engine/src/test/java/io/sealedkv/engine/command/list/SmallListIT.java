package io.sealedkv.engine.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.testing.ServerExtension;
import io.sealedkv.engine.types.list.SealedList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.ListDirection;

/** A small list stays one block in one array under pushes and pops, and changes form at its bounds. */
class SmallListIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private Jedis jedis;

    @BeforeEach
    void connect() {
        jedis = server.emptyJedis();
        jedis.configSet("list-max-listpack-size", "-2");
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

    private static String value(int i) {
        return "value-%06d".formatted(i);
    }

    @Test
    void pushesAndPopsKeepASmallListInItsArray() {
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            initial.add(value(i));
        }
        jedis.lpush("q", initial.toArray(String[]::new));
        SealedList list = list("q");
        assertThat(list.small()).isTrue();
        long memory = list.memoryBytes();
        for (int i = 10; i < 210; i++) {
            jedis.lpush("q", value(i));
            assertThat(jedis.rpop("q")).isEqualTo(value(i - 10));
        }
        Pipeline pipeline = jedis.pipelined();
        for (int i = 210; i < 410; i++) {
            pipeline.lpush("q", value(i));
            pipeline.rpop("q");
        }
        pipeline.sync();
        assertThat(list("q")).isSameAs(list);
        assertThat(list.small()).isTrue();
        assertThat(list.memoryBytes()).isEqualTo(memory);
        assertThat(jedis.lrange("q", 0, -1)).containsExactly(
                value(409), value(408), value(407), value(406), value(405),
                value(404), value(403), value(402), value(401), value(400));
        assertThat(jedis.objectEncoding("q")).isEqualTo("quicklist");
    }

    @Test
    void aListPastTheBoundBecomesSegmentsAndASmallOneAgainOnlyWellBelowIt() {
        for (int i = 0; i < 100; i++) {
            jedis.rpush("l", value(i));
        }
        SealedList list = list("l");
        assertThat(list.small()).isFalse();
        assertThat(list.size()).isEqualTo(100);
        for (int i = 0; i < 80; i++) {
            jedis.lpop("l");
        }
        jedis.rpush("l", value(100));
        assertThat(list.small()).isFalse();
        for (int i = 0; i < 6; i++) {
            jedis.lpop("l");
        }
        jedis.rpush("l", value(101));
        assertThat(list.small()).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 86; i <= 101; i++) {
            expected.add(value(i));
        }
        assertThat(jedis.lrange("l", 0, -1)).isEqualTo(expected);
    }

    @Test
    void movesBetweenSmallListsKeepBothSmall() {
        jedis.rpush("a", "1", "2", "3");
        jedis.rpush("b", "x", "y", "z");
        LinkedList<String> a = new LinkedList<>(List.of("1", "2", "3"));
        LinkedList<String> b = new LinkedList<>(List.of("x", "y", "z"));
        for (int i = 0; i < 20; i++) {
            b.addFirst(a.removeLast());
            assertThat(jedis.lmove("a", "b", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo(b.getFirst());
            a.addLast(b.removeFirst());
            assertThat(jedis.lmove("b", "a", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo(a.getLast());
        }
        a.addLast(a.removeFirst());
        jedis.lmove("a", "a", ListDirection.LEFT, ListDirection.RIGHT);
        assertThat(list("a").small()).isTrue();
        assertThat(list("b").small()).isTrue();
        assertThat(jedis.lrange("a", 0, -1)).isEqualTo(a);
        assertThat(jedis.lrange("b", 0, -1)).isEqualTo(b);
    }

    /**
     * Pushes and pops of one small list from two connections at once: each opens and seals the block without
     * the lock and commits only if the list is unchanged, so no element is lost or popped twice.
     */
    @Test
    void pushesAndPopsFromTwoConnectionsLoseNothing() {
        jedis.rpush("q", "p0", "p1", "p2", "p3");
        int perClient = 5_000;
        List<CompletableFuture<List<Object>>> clients = new ArrayList<>();
        for (int client = 0; client < 2; client++) {
            String name = "c" + client + "-";
            clients.add(CompletableFuture.supplyAsync(() -> {
                try (Jedis connection = server.jedis()) {
                    Pipeline pipeline = connection.pipelined();
                    for (int i = 0; i < perClient; i++) {
                        pipeline.lpush("q", name + i);
                        pipeline.rpop("q");
                    }
                    return pipeline.syncAndReturnAll();
                }
            }));
        }
        List<String> seen = new ArrayList<>();
        for (CompletableFuture<List<Object>> client : clients) {
            for (Object reply : client.join()) {
                if (reply instanceof String popped) {
                    seen.add(popped);
                }
            }
        }
        seen.addAll(jedis.lrange("q", 0, -1));
        Set<String> expected = new HashSet<>(List.of("p0", "p1", "p2", "p3"));
        for (int client = 0; client < 2; client++) {
            for (int i = 0; i < perClient; i++) {
                expected.add("c" + client + "-" + i);
            }
        }
        assertThat(seen).hasSize(expected.size());
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
        assertThat(list("q").small()).isTrue();
    }
}
